# day20 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 20 — Kaggle Titanic: a complete, seeded, leak-free pipeline and a real submission.

Conventions:
- a "frame" is a Kaggle table as read from train.csv / test.csv (PassengerId, Pclass, Name, Sex,
  Age, SibSp, Parch, Ticket, Fare, Cabin, Embarked, and Survived in train only);
- the pipeline's input X is the frame without Survived (PassengerId may stay: it is never used as
  a feature); its first step applies engineer() itself;
- everything learned from data (medians to impute, the categories to one-hot encode) is learned in
  fit, from the training rows only; a test passenger's prediction never depends on the other test
  passengers.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ID, TARGET = "PassengerId", "Survived"
# Provided: the columns the model sees after engineer().
NUMERIC = ["Pclass", "Age", "SibSp", "Parch", "Fare", "FamilySize", "IsAlone", "HasCabin"]
CATEGORICAL = ["Sex", "Embarked", "Title", "Deck"]
TITLES = {"Mr": "Mr", "Mrs": "Mrs", "Miss": "Miss", "Master": "Master", "Mlle": "Miss", "Ms": "Miss", "Mme": "Mrs"}


def engineer(df: pd.DataFrame) -> pd.DataFrame:
    """Return a NEW frame: df's columns plus

    - Title: the word between the comma and the first period of Name ("Braund, Mr. Owen Harris" ->
      "Mr"), mapped through TITLES; any other title (Dr, Rev, Col, the Countess, ...) -> "Rare";
    - FamilySize = SibSp + Parch + 1; IsAlone = 1 if FamilySize == 1 else 0 (int);
    - HasCabin = 1 if Cabin is given else 0 (int); Deck = first letter of Cabin, "U" when missing.
    Row-wise only; df is not modified.
    """
    raise NotImplementedError('day20 task 1: implement engineer() in katas/week4_classical_ml_2/day20_titanic_competition/titanic.py — Name.str.extract(r",\\s*([^\\.]+)\\.") then .map(TITLES).fillna("Rare"); vectorised columns on df.copy() (README Task 1; `make hint DAY=20`)')


def build_pipeline(seed: int = 0):
    """Pipeline: FunctionTransformer(engineer) -> ColumnTransformer (NUMERIC: median imputation;
    CATEGORICAL: most-frequent imputation + OneHotEncoder(handle_unknown="ignore")) ->
    xgboost.XGBClassifier(random_state=seed, n_jobs=1, ...). Fit it on raw X (the frame without
    Survived); it predicts 0/1."""
    raise NotImplementedError('day20 task 2: implement build_pipeline() in katas/week4_classical_ml_2/day20_titanic_competition/titanic.py — Pipeline([("features", FunctionTransformer(engineer)), ("prep", ColumnTransformer(...)), ("model", XGBClassifier(...))]) (README Task 2; `make hint DAY=20`)')


def cv_accuracy(pipeline, df: pd.DataFrame, n_splits: int = 5, seed: int = 0) -> float:
    """Mean accuracy over StratifiedKFold(n_splits, shuffle=True, random_state=seed) folds: a fresh
    clone of the pipeline fitted on each training fold (X = df without Survived), scored on the
    held-out fold. Returns a float."""
    raise NotImplementedError('day20 task 3: implement cv_accuracy() in katas/week4_classical_ml_2/day20_titanic_competition/titanic.py — cross_val_score(pipeline, X, y, cv=StratifiedKFold(...), scoring="accuracy").mean() (README Task 3; `make hint DAY=20`)')


def make_submission(pipeline, train_df: pd.DataFrame, test_df: pd.DataFrame, path) -> pd.DataFrame:
    """Fit a clone of the pipeline on ALL training passengers, predict the test passengers and write
    the Kaggle submission: columns exactly PassengerId,Survived, one row per test passenger in
    test_df's order, Survived as integers 0/1, no index column.
    Returns the DataFrame written. train_df and test_df are not modified.
    """
    raise NotImplementedError('day20 task 4: implement make_submission() in katas/week4_classical_ml_2/day20_titanic_competition/titanic.py — clone(pipeline).fit(train X, y); predict(test_df); DataFrame({ID: ..., TARGET: pred.astype(int)}).to_csv(path, index=False) (README Task 4; `make hint DAY=20`)')


def build_voting(seed: int = 0):
    """Stretch: a soft-voting ensemble (sklearn VotingClassifier(voting="soft")) of build_pipeline(seed)
    and at least one different model on the same engineered features (e.g. a scaled
    LogisticRegression or a RandomForest, each in its own pipeline). Seeded, n_jobs=1."""
    raise NotImplementedError('day20 task 5: implement build_voting() in katas/week4_classical_ml_2/day20_titanic_competition/titanic.py — VotingClassifier([("xgb", build_pipeline(seed)), ("lr", Pipeline([... StandardScaler(), LogisticRegression()]))], voting="soft") (README Task 5; `make hint DAY=20`)')


def main(argv: list[str] | None = None) -> int:
    """Provided: the whole competition entry on the real data, as `make titanic` runs it.

    Prints the 5-fold stratified CV accuracy of build_pipeline() and writes the Kaggle submission
    <out>/submission.csv for the real test set (418 passengers).
    """
    import argparse

    from katalib import datasets

    parser = argparse.ArgumentParser(description="Day 20: CV accuracy and the Kaggle Titanic submission")
    parser.add_argument("--out", default="out/day20", help="folder for submission.csv")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    train, test = datasets.load_titanic("train"), datasets.load_titanic("test")
    acc = cv_accuracy(build_pipeline(args.seed), train, n_splits=5, seed=args.seed)
    submission = make_submission(build_pipeline(args.seed), train, test, out / "submission.csv")
    print(f"5-fold stratified CV accuracy: {acc:.4f} (target >= 0.82)")
    print(f"wrote {out / 'submission.csv'} ({len(submission)} rows, {int(submission[TARGET].sum())} predicted survivors)")
    print("submit it: kaggle competitions submit -c titanic -f " f"{out / 'submission.csv'} -m 'ml-katas day 20'")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
