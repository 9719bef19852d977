"""Full-text search over the products, with each database's own engine.

PostgreSQL: a weighted ``tsvector`` on every product (name A, brand B, category C,
description D, English stemming), filled by a trigger on every change to those columns and
when a category is renamed, with a GIN index. SQLite: an FTS5 table (Porter stemming,
prefix indexes) whose external content is ``product_search``, one row per product kept in
step by triggers on products and categories; the FTS5 table follows that table by the
triggers FTS5's documentation gives. (The products table's own rowid cannot be the content
key: VACUUM may renumber it.) Existing products are indexed here.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

POSTGRESQL = [
    "ALTER TABLE products ADD COLUMN search_document tsvector",
    """
    CREATE FUNCTION products_search_document() RETURNS trigger AS $$
    BEGIN
      NEW.search_document :=
        setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.brand_name, '')), 'B')
        || setweight(to_tsvector('english', coalesce(
             (SELECT name FROM categories WHERE id = NEW.category_id), '')), 'C')
        || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'D');
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER products_search_document
    BEFORE INSERT OR UPDATE OF name, brand_name, category_id, description ON products
    FOR EACH ROW EXECUTE FUNCTION products_search_document()
    """,
    """
    CREATE FUNCTION categories_search_rename() RETURNS trigger AS $$
    BEGIN
      IF NEW.name IS DISTINCT FROM OLD.name THEN
        UPDATE products SET category_id = category_id WHERE category_id = NEW.id;
      END IF;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER categories_search_rename AFTER UPDATE OF name ON categories
    FOR EACH ROW EXECUTE FUNCTION categories_search_rename()
    """,
    "UPDATE products SET category_id = category_id",
    "CREATE INDEX ix_products_search_document ON products USING gin (search_document)",
]

POSTGRESQL_DOWN = [
    "DROP TRIGGER categories_search_rename ON categories",
    "DROP FUNCTION categories_search_rename()",
    "DROP TRIGGER products_search_document ON products",
    "DROP FUNCTION products_search_document()",
    "DROP INDEX ix_products_search_document",
    "ALTER TABLE products DROP COLUMN search_document",
]

_FTS_INSERT = (
    "INSERT INTO product_search_fts(rowid, name, brand, category, description) "
    "VALUES (new.id, new.name, new.brand, new.category, new.description);"
)
_FTS_DELETE = (
    "INSERT INTO product_search_fts(product_search_fts, rowid, name, brand, category, "
    "description) VALUES ('delete', old.id, old.name, old.brand, old.category, "
    "old.description);"
)

SQLITE = [
    """
    CREATE TABLE product_search (
      id INTEGER PRIMARY KEY,
      product_id CHAR(32) NOT NULL UNIQUE,
      name TEXT NOT NULL,
      brand TEXT NOT NULL,
      category TEXT NOT NULL,
      description TEXT NOT NULL
    )
    """,
    """
    CREATE VIRTUAL TABLE product_search_fts USING fts5(
      name, brand, category, description,
      content='product_search', content_rowid='id',
      tokenize='porter unicode61 remove_diacritics 2', prefix='2 3'
    )
    """,
    f"""
    CREATE TRIGGER product_search_added AFTER INSERT ON product_search BEGIN
      {_FTS_INSERT}
    END
    """,
    f"""
    CREATE TRIGGER product_search_removed AFTER DELETE ON product_search BEGIN
      {_FTS_DELETE}
    END
    """,
    f"""
    CREATE TRIGGER product_search_changed AFTER UPDATE ON product_search BEGIN
      {_FTS_DELETE}
      {_FTS_INSERT}
    END
    """,
    """
    CREATE TRIGGER products_search_added AFTER INSERT ON products BEGIN
      INSERT INTO product_search (product_id, name, brand, category, description)
      VALUES (NEW.id, NEW.name, NEW.brand_name, coalesce((SELECT name FROM categories WHERE id = NEW.category_id), ''),
              coalesce(NEW.description, ''));
    END
    """,
    """
    CREATE TRIGGER products_search_changed
    AFTER UPDATE OF name, brand_name, category_id, description ON products BEGIN
      UPDATE product_search SET name = NEW.name, brand = NEW.brand_name,
        category = coalesce((SELECT name FROM categories WHERE id = NEW.category_id), ''), description = coalesce(NEW.description, '')
      WHERE product_id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER products_search_removed AFTER DELETE ON products BEGIN
      DELETE FROM product_search WHERE product_id = OLD.id;
    END
    """,
    """
    CREATE TRIGGER categories_search_renamed AFTER UPDATE OF name ON categories
    WHEN NEW.name IS NOT OLD.name BEGIN
      UPDATE product_search SET category = NEW.name
      WHERE product_id IN (SELECT id FROM products WHERE category_id = NEW.id);
    END
    """,
    """
    INSERT INTO product_search (product_id, name, brand, category, description)
    SELECT products.id, products.name, products.brand_name, categories.name,
           coalesce(products.description, '')
    FROM products JOIN categories ON categories.id = products.category_id
    """,
]

SQLITE_DOWN = [
    "DROP TRIGGER categories_search_renamed",
    "DROP TRIGGER products_search_removed",
    "DROP TRIGGER products_search_changed",
    "DROP TRIGGER products_search_added",
    "DROP TABLE product_search_fts",
    "DROP TABLE product_search",
]


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE if sqlite else POSTGRESQL:
        op.execute(statement)


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWN if sqlite else POSTGRESQL_DOWN:
        op.execute(statement)
