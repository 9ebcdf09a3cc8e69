//! The committed JSON Schemas match the Rust types, and the records alih
//! produces validate against them.

mod common;

use std::path::Path;

use alih::output::schema;

fn check_committed(path: &str, generated: &serde_json::Value) {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let expected = schema::to_committed_text(generated);
    if std::env::var_os("ALIH_UPDATE_SCHEMAS").is_some() {
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(&full, &expected).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&full).unwrap_or_default();
    assert!(
        committed == expected,
        "{path} is out of date with the Rust types; regenerate it with \
         `ALIH_UPDATE_SCHEMAS=1 cargo test --test schemas`, review the diff against the README's schema \
         evolution policy, and commit it"
    );
}

#[test]
fn the_committed_schemas_match_the_types() {
    check_committed(schema::ARTICLE_SCHEMA_PATH, &schema::article());
    check_committed(schema::RECORD_SCHEMA_PATH, &schema::record());
}

#[test]
fn the_sample_record_made_by_translate_validates() {
    let record: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/records/dw-korut-rusia.ms.json")).unwrap();
    common::assert_valid_record(&record);
}

#[test]
fn a_realigned_record_validates() {
    let record: alih::record::Record =
        serde_json::from_str(include_str!("fixtures/records/dw-korut-rusia.ms.json")).unwrap();
    let realigned = serde_json::to_value(alih::realign::realign(&record)).unwrap();
    assert!(realigned["aligned_by"]["version"].is_string());
    common::assert_valid_record(&realigned);
}

#[test]
fn the_sample_article_validates_and_a_record_does_not_pass_for_one() {
    let article: serde_json::Value = serde_json::from_str(include_str!("fixtures/dw-korut-rusia.json")).unwrap();
    let committed = common::committed_schema(schema::ARTICLE_SCHEMA_PATH);
    let validator = jsonschema::validator_for(&committed).expect("the article schema compiles");
    assert!(validator.is_valid(&article));
    assert!(!validator.is_valid(&serde_json::json!({"id": "a"})), "body is required");
}

#[test]
fn a_record_missing_a_required_field_fails_validation() {
    let mut record: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/records/dw-korut-rusia.ms.json")).unwrap();
    record.as_object_mut().unwrap().remove("record_id");
    let committed = common::committed_schema(schema::RECORD_SCHEMA_PATH);
    let validator = jsonschema::validator_for(&committed).unwrap();
    assert!(!validator.is_valid(&record));
}
