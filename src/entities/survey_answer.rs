//! sea-orm model for `survey_answers`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub wave_id: i32,
    pub role: String,
    pub department_id: Option<i32>,
    pub q1: i16,
    pub q2: i16,
    pub q3: i16,
    pub q4: i16,
    pub q5: i16,
    pub q6: i16,
    pub q7: i16,
    pub q8: i16,
    pub q9: i16,
    pub q10: i16,
    pub sus: f64,
    pub enps: Option<i16>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
