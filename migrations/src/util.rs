//! Small builders shared by the migrations.

use sea_orm_migration::prelude::*;

pub fn fk(
    from: (&'static str, &'static str),
    to: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Alias::new(from.0), Alias::new(from.1))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

pub fn index(table: &'static str, name: &'static str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(Alias::new(table));
    for c in cols {
        i.col(Alias::new(*c));
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}
