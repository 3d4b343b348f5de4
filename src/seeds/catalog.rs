//! Parsing and upserting the catalogs.

use crate::entities::{checklist_template, common_error, erp_product, kpi_template, phase_template};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct PhasesFile {
    pub phase: Vec<Phase>,
    pub checklist: Vec<ChecklistItem>,
}

#[derive(Deserialize)]
pub struct Phase {
    pub key: String,
    pub position: i32,
    pub name_en: String,
    pub name_es: String,
    pub summary_en: String,
    pub summary_es: String,
}

#[derive(Deserialize)]
pub struct ChecklistItem {
    pub phase: String,
    pub key: String,
    pub mandatory: bool,
    pub title_en: String,
    pub title_es: String,
}

#[derive(Deserialize)]
struct ErrorsFile {
    error: Vec<CommonError>,
}

#[derive(Deserialize)]
struct CommonError {
    key: String,
    title_en: String,
    title_es: String,
    description_en: String,
    description_es: String,
    remedy_en: String,
    remedy_es: String,
}

#[derive(Deserialize)]
struct ProductsFile {
    product: Vec<Product>,
}

#[derive(Deserialize)]
struct Product {
    key: String,
    name: String,
    vendor: String,
    deployment: String,
    sizes: Vec<String>,
    sectors: Vec<String>,
    crm_integration: String,
    notes_en: String,
    notes_es: String,
}

#[derive(Deserialize)]
struct KpisFile {
    kpi: Vec<Kpi>,
}

#[derive(Deserialize)]
struct Kpi {
    key: String,
    area: String,
    unit: String,
    direction: String,
    name_en: String,
    name_es: String,
    description_en: String,
    description_es: String,
}

pub fn phases() -> anyhow::Result<PhasesFile> {
    Ok(toml::from_str(super::PHASES)?)
}

/// Upserts every catalog. Safe to run at every start.
pub async fn seed(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    let ph = phases()?;
    for p in &ph.phase {
        let am = phase_template::ActiveModel {
            key: Set(p.key.clone()),
            position: Set(p.position),
            name_en: Set(p.name_en.clone()),
            name_es: Set(p.name_es.clone()),
            summary_en: Set(p.summary_en.clone()),
            summary_es: Set(p.summary_es.clone()),
            ..Default::default()
        };
        upsert::<phase_template::Entity, _>(
            db,
            am,
            phase_template::Column::Key,
            &[
                phase_template::Column::Position,
                phase_template::Column::NameEn,
                phase_template::Column::NameEs,
                phase_template::Column::SummaryEn,
                phase_template::Column::SummaryEs,
            ],
        )
        .await?;
    }
    for (i, c) in ph.checklist.iter().enumerate() {
        let am = checklist_template::ActiveModel {
            key: Set(c.key.clone()),
            phase_key: Set(c.phase.clone()),
            position: Set(i as i32 + 1),
            mandatory: Set(c.mandatory),
            title_en: Set(c.title_en.clone()),
            title_es: Set(c.title_es.clone()),
            ..Default::default()
        };
        upsert::<checklist_template::Entity, _>(
            db,
            am,
            checklist_template::Column::Key,
            &[
                checklist_template::Column::PhaseKey,
                checklist_template::Column::Position,
                checklist_template::Column::Mandatory,
                checklist_template::Column::TitleEn,
                checklist_template::Column::TitleEs,
            ],
        )
        .await?;
    }
    let errors: ErrorsFile = toml::from_str(super::COMMON_ERRORS)?;
    for e in errors.error {
        let am = common_error::ActiveModel {
            key: Set(e.key),
            title_en: Set(e.title_en),
            title_es: Set(e.title_es),
            description_en: Set(e.description_en),
            description_es: Set(e.description_es),
            remedy_en: Set(e.remedy_en),
            remedy_es: Set(e.remedy_es),
            ..Default::default()
        };
        use common_error::Column as C;
        upsert::<common_error::Entity, _>(
            db,
            am,
            C::Key,
            &[C::TitleEn, C::TitleEs, C::DescriptionEn, C::DescriptionEs, C::RemedyEn, C::RemedyEs],
        )
        .await?;
    }
    let products: ProductsFile = toml::from_str(super::PRODUCTS)?;
    for p in products.product {
        let am = erp_product::ActiveModel {
            key: Set(p.key),
            name: Set(p.name),
            vendor: Set(p.vendor),
            deployment: Set(p.deployment),
            sizes: Set(p.sizes.join(",")),
            sectors: Set(p.sectors.join(",")),
            crm_integration: Set(p.crm_integration),
            notes_en: Set(p.notes_en),
            notes_es: Set(p.notes_es),
            ..Default::default()
        };
        use erp_product::Column as C;
        upsert::<erp_product::Entity, _>(
            db,
            am,
            C::Key,
            &[C::Name, C::Vendor, C::Deployment, C::Sizes, C::Sectors, C::CrmIntegration, C::NotesEn, C::NotesEs],
        )
        .await?;
    }
    let kpis: KpisFile = toml::from_str(super::KPIS)?;
    for k in kpis.kpi {
        let am = kpi_template::ActiveModel {
            key: Set(k.key),
            area: Set(k.area),
            unit: Set(k.unit),
            direction: Set(k.direction),
            name_en: Set(k.name_en),
            name_es: Set(k.name_es),
            description_en: Set(k.description_en),
            description_es: Set(k.description_es),
            ..Default::default()
        };
        use kpi_template::Column as C;
        upsert::<kpi_template::Entity, _>(
            db,
            am,
            C::Key,
            &[C::Area, C::Unit, C::Direction, C::NameEn, C::NameEs, C::DescriptionEn, C::DescriptionEs],
        )
        .await?;
    }
    Ok(())
}

async fn upsert<E, A>(db: &impl ConnectionTrait, am: A, key: E::Column, update: &[E::Column]) -> Result<(), DbErr>
where
    E: EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E>,
{
    E::insert(am)
        .on_conflict(OnConflict::column(key).update_columns(update.iter().copied()).to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

#[derive(Deserialize)]
struct CriteriaFile {
    criterion: Vec<DefaultCriterion>,
}

#[derive(Deserialize)]
struct DefaultCriterion {
    key: String,
    weight: f64,
    name_en: String,
    name_es: String,
}

/// Adds the seeded default criteria (see `seeds/criteria.toml`) after any existing ones.
pub async fn add_default_criteria(db: &impl ConnectionTrait, project_id: i32) -> Result<(), DbErr> {
    let file: CriteriaFile =
        toml::from_str(super::CRITERIA).map_err(|e| DbErr::Custom(format!("seeds/criteria.toml: {e}")))?;
    let start = crate::entities::criterion::Entity::find()
        .filter(crate::entities::criterion::Column::ProjectId.eq(project_id))
        .all(db)
        .await?
        .iter()
        .map(|c| c.position)
        .max()
        .unwrap_or(0);
    for (i, c) in file.criterion.into_iter().enumerate() {
        crate::entities::criterion::ActiveModel {
            project_id: Set(project_id),
            key: Set(Some(c.key)),
            name_en: Set(c.name_en),
            name_es: Set(c.name_es),
            weight: Set(c.weight),
            position: Set(start + i as i32 + 1),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phase_has_at_least_six_items_and_a_mandatory_one() {
        let f = phases().unwrap();
        assert_eq!(f.phase.len(), 5);
        for p in &f.phase {
            let items: Vec<_> = f.checklist.iter().filter(|c| c.phase == p.key).collect();
            assert!(items.len() >= 6, "{} has {}", p.key, items.len());
            assert!(items.iter().any(|c| c.mandatory));
        }
        assert_eq!(f.phase.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), crate::phases::KEYS);
    }

    #[test]
    fn the_other_catalogs_parse_and_have_enough_entries() {
        assert!(toml::from_str::<ErrorsFile>(crate::seeds::COMMON_ERRORS).unwrap().error.len() >= 7);
        assert!(toml::from_str::<ProductsFile>(crate::seeds::PRODUCTS).unwrap().product.len() >= 6);
        assert!(toml::from_str::<KpisFile>(crate::seeds::KPIS).unwrap().kpi.len() >= 5);
    }
}
