# lookalike: unicode
# 注意: この関数は在庫数を返します
def stock_level(sku: str, warehouse: dict[str, int]) -> int:
    """在庫数 (stock level) for a SKU; 見つからない場合は 0."""
    return warehouse.get(sku, 0)
