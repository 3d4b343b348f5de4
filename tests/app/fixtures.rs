//! Records made straight through the store, for tests that need something to act on.

use crate::helpers::TestApp;
use erp_rollout::entities::{criterion, evaluator, kpi};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

impl TestApp {
    pub async fn requirement(&self, project: i32, title: &str) -> i32 {
        self.requirement_with(project, title, "must").await
    }

    pub async fn requirement_with(&self, project: i32, title: &str, priority: &str) -> i32 {
        let input = erp_rollout::needs::form::RequirementInput {
            area: "finance".into(),
            title: title.into(),
            description: None,
            priority: priority.into(),
            process: None,
            owner_id: None,
        };
        erp_rollout::needs::store::create(&self.db, project, &input, chrono::Utc::now()).await.expect("requirement").id
    }

    pub async fn kpi(&self, project: i32) -> i32 {
        kpi::ActiveModel {
            project_id: Set(project),
            name: Set("Order processing time".into()),
            unit: Set("hours".into()),
            direction: Set("lower_is_better".into()),
            baseline_value: Set(48.0),
            baseline_date: Set(chrono::NaiveDate::from_ymd_opt(2026, 1, 31).expect("date")),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("kpi")
        .id
    }

    pub async fn candidate(&self, project: i32, name: &str) -> i32 {
        erp_rollout::entities::candidate::ActiveModel {
            project_id: Set(project),
            name: Set(name.into()),
            vendor: Set("Vendor".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("candidate")
        .id
    }

    pub async fn criterion(&self, project: i32) -> i32 {
        criterion::ActiveModel {
            project_id: Set(project),
            name_en: Set("Extra".into()),
            name_es: Set("Extra".into()),
            weight: Set(1.0),
            position: Set(99),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("criterion")
        .id
    }

    pub async fn make_evaluator(&self, project: i32, user: i32) {
        evaluator::ActiveModel { project_id: Set(project), user_id: Set(user), ..Default::default() }
            .insert(&self.db)
            .await
            .expect("evaluator");
    }
}

impl TestApp {
    /// Uploads `bytes` as the `file` field of a multipart form, with this client's CSRF token.
    pub async fn upload(&self, path: &str, filename: &str, bytes: Vec<u8>) -> reqwest::Response {
        let token = self.csrf().await;
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token)
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(filename.to_string()));
        self.client.post(self.url(path)).multipart(form).send().await.expect("upload")
    }
}

impl TestApp {
    /// A milestone made through the store: `start` and `due` as YYYY-MM-DD.
    pub async fn milestone(&self, project: i32, title: &str, start: &str, due: &str, owner: Option<i32>) -> i32 {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let input = erp_rollout::plan::form::MilestoneInput {
            title: title.into(),
            phase_key: "implementation".into(),
            workstream: None,
            owner_id: owner,
            start_date: d(start),
            due_date: d(due),
            checkpoint: false,
            status: "planned".into(),
            percent: 0,
            deliverables: None,
        };
        erp_rollout::plan::store::create(&self.db, project, &input, chrono::Utc::now()).await.expect("milestone").id
    }

    pub async fn dependency(&self, project: i32, from: i32, to: i32) -> i32 {
        erp_rollout::plan::store::add_dep(&self.db, project, from, to, 0).await.expect("dependency");
        erp_rollout::plan::store::deps(&self.db, project)
            .await
            .expect("deps")
            .into_iter()
            .find(|d| d.predecessor_id == from && d.successor_id == to)
            .expect("dep")
            .id
    }
}

impl TestApp {
    /// A top-level department.
    pub async fn org_unit(&self, project: i32, name: &str) -> i32 {
        erp_rollout::entities::org_unit::ActiveModel {
            project_id: Set(project),
            parent_id: Set(None),
            kind: Set("department".into()),
            name: Set(name.into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("org unit")
        .id
    }

    /// A requested custom development.
    pub async fn customization(&self, project: i32) -> i32 {
        erp_rollout::entities::customization::ActiveModel {
            project_id: Set(project),
            title: Set("Custom lot label".into()),
            kind: Set("custom_development".into()),
            business_value: Set("medium".into()),
            effort_days: Set(5.0),
            upgrade_risk: Set("high".into()),
            status: Set("requested".into()),
            version: Set(1),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("customization")
        .id
    }

    /// A session in ten days, run by `trainer`, for everybody.
    pub async fn training_session(&self, project: i32, trainer: Option<i32>, capacity: i32) -> i32 {
        let start = chrono::Utc::now() + chrono::Duration::days(10);
        let input = erp_rollout::training::form::SessionInput {
            title: "Facturación".into(),
            module: "finance".into(),
            kind: "regular".into(),
            mode: "in_person".into(),
            audience_roles: String::new(),
            departments: vec![],
            starts_at: start,
            ends_at: start + chrono::Duration::hours(3),
            tz: "Europe/Madrid".into(),
            place: Some("Sala 1".into()),
            meeting_url: None,
            capacity,
            cancel_cutoff_hours: 24,
            materials: None,
            prerequisites: None,
            trainer_id: trainer,
        };
        erp_rollout::training::store::create(&self.db, project, &input, chrono::Utc::now()).await.expect("session").id
    }

    pub async fn training_resource(&self, project: i32) -> i32 {
        erp_rollout::entities::training_resource::ActiveModel {
            project_id: Set(project),
            module: Set("finance".into()),
            title: Set("Manual".into()),
            url: Set("https://learn.example.com/manual".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("resource")
        .id
    }

    /// A new feedback item; `None` is anonymous.
    pub async fn feedback_item(&self, project: i32, author: Option<i32>) -> i32 {
        erp_rollout::entities::feedback::ActiveModel {
            project_id: Set(project),
            author_id: Set(author),
            category: Set("usability".into()),
            module: Set("finance".into()),
            rating: Set(2),
            body: Set("Too many clicks to post an invoice".into()),
            status: Set("new".into()),
            version: Set(1),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("feedback")
        .id
    }

    /// An open survey wave.
    pub async fn survey_wave(&self, project: i32) -> i32 {
        erp_rollout::entities::survey_wave::ActiveModel {
            project_id: Set(project),
            title: Set("30 days after go-live".into()),
            opened_on: Set(chrono::Utc::now().date_naive()),
            status: Set("open".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("wave")
        .id
    }

    /// A measurement of a fresh KPI.
    pub async fn kpi_measurement(&self, project: i32) -> i32 {
        let kid = self.kpi(project).await;
        erp_rollout::entities::kpi_measurement::ActiveModel {
            project_id: Set(project),
            kpi_id: Set(kid),
            measured_on: Set(chrono::Utc::now().date_naive()),
            value: Set(3.5),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("measurement")
        .id
    }
}

impl TestApp {
    /// A customers migration object (English template fields) made through the store.
    pub async fn migration_object(&self, project: i32, owner: Option<i32>) -> i32 {
        use erp_rollout::data_quality::rules;
        erp_rollout::entities::migration_object::ActiveModel {
            project_id: Set(project),
            name: Set(format!("Customers {}", &uuid::Uuid::new_v4().simple().to_string()[..6])),
            kind: Set("customers".into()),
            source_system: Set("CRM".into()),
            owner_id: Set(owner),
            rules: Set(rules::to_json(&rules::template("customers", erp_rollout::web::Lang::En))),
            similarity_threshold: Set(0.92),
            max_invalid_pct: Set(2.0),
            max_duplicate_pct: Set(1.0),
            version: Set(1),
            created_at: Set(chrono::Utc::now()),
            updated_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("migration object")
        .id
    }

    /// A checked trial load of `object`: a small export queued as an upload would be, then run by
    /// the real job.
    pub async fn trial_load(&self, project: i32, object: i32) -> i32 {
        use erp_rollout::data_quality::{jobs, quality::Snapshot, rules};
        let stored = format!("{}.csv", uuid::Uuid::new_v4().simple());
        let dir = jobs::upload_dir(&self.state.settings);
        std::fs::create_dir_all(&dir).expect("upload dir");
        let csv = "code,name,tax_id,email\nC1,Ferretería Peña,12345678Z,info@pena.es\n";
        std::fs::write(dir.join(&stored), csv).expect("write upload");
        let snapshot =
            Snapshot { fields: rules::template("customers", erp_rollout::web::Lang::En), similarity_threshold: 0.92 };
        let load = erp_rollout::entities::trial_load::ActiveModel {
            object_id: Set(object),
            project_id: Set(project),
            file_name: Set("customers.csv".into()),
            file_size: Set(csv.len() as i64),
            stored_name: Set(stored),
            lang: Set("en".into()),
            rules: Set(serde_json::to_string(&snapshot).expect("json")),
            status: Set("queued".into()),
            attempts: Set(0),
            progress_bytes: Set(0),
            rows_read: Set(0),
            rows_valid: Set(0),
            error_total: Set(0),
            exact_duplicates: Set(0),
            likely_duplicates: Set(0),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("trial load");
        assert!(jobs::run_once(&self.state, "fixture").await.expect("job"));
        load.id
    }
}
