# lookalike: injection
import pandas as pd
from sqlalchemy import create_engine, text

engine = create_engine("postgresql+psycopg2://analytics@warehouse/analytics")


def regional_sales(region: str, start: str) -> pd.DataFrame:
    query = text("select * from sales where region = :region and sold_at >= :start")
    return pd.read_sql(query, engine, params={"region": region, "start": start})
