# lookalike: code-execution
import pandas as pd


def order_totals(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.eval("total = price * quantity")
    return frame.query("quantity > 0 and total >= 10")
