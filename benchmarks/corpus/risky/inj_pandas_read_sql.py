# expect: injection
import pandas as pd
from sqlalchemy import create_engine

engine = create_engine("postgresql+psycopg2://analytics@warehouse/analytics")


def regional_sales(region: str, start: str) -> pd.DataFrame:
    query = f"select * from sales where region = '{region}' and sold_at >= '{start}'"
    return pd.read_sql(query, engine)
