//! The whole path with the real engine: the sample article through RabbitMQ
//! and Apertium (Indonesian → Malay) into a record whose quotes and numbers
//! are aligned — including the `12.000` Apertium leaves untouched.

mod common;

use std::time::Duration;

use common::*;

#[tokio::test]
async fn the_sample_article_through_apertium_has_nico_langes_quotes_and_the_repaired_12_000() {
    let Some(apy) = real_apy_url().await else { return };
    let mut config = test_config(&apy);
    config.mt.provider = "apertium".into();
    config.mt.target_lang = "ms".into();
    // A real engine: the language checks run as in production (`ind|zlm` leaves much text unchanged).
    config.mt.check_target_language = true;
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    let mut article: serde_json::Value = serde_json::from_slice(&sample_article()).unwrap();
    article["target_lang"] = "ms".into();
    publish_raw(&channel, &config, article.to_string().as_bytes()).await;
    let records = take(&channel, &config.topology.output_queue, 1, Duration::from_secs(30)).await;
    assert_eq!(records.len(), 1, "a record within 30s");
    assert_eq!(records[0].delivery.routing_key.as_str(), "id.ms");
    let record: serde_json::Value = serde_json::from_slice(&records[0].delivery.data).unwrap();
    common::assert_valid_record(&record);

    assert_eq!(record["mt"]["provider"], "apertium");
    let sentences = record["sentences"].as_array().unwrap();
    assert!(
        sentences
            .iter()
            .all(|sentence| !sentence["target"].as_str().unwrap().is_empty())
    );
    assert!(
        sentences
            .iter()
            .any(|sentence| sentence["target"].as_str().unwrap().contains("bahawa")),
        "really Malay"
    );
    assert!(
        sentences.iter().all(|sentence| sentence["status"] == "ok"),
        "no Malay sentence is taken for untranslated Indonesian"
    );
    assert_eq!(record["source_lang_detected"]["lang"], "id");

    let quotes = record["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 3, "{quotes:#?}");
    assert!(
        quotes.iter().all(|quote| quote["speaker"] == "Nico Lange"),
        "{quotes:#?}"
    );
    let third = &quotes[2];
    let number_id = third["numbers"][0].as_str().expect("the third quote holds a number");
    let number = record["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|number| number["id"] == number_id)
        .unwrap();
    assert_eq!(number["quote"], third["id"]);
    assert_eq!(number["value"], "12000");
    assert_eq!(number["source"]["text"], "12.000");
    assert_eq!(number["target"]["text"], "12,000");
    assert_eq!(number["status"], "ok");
    assert_eq!(number["repair"]["reason"], "locale_leak");
    let sentence = &sentences[number["sentence"].as_u64().unwrap() as usize];
    let [start, end] = [0, 1].map(|at| number["target"]["span"][at].as_u64().unwrap() as usize);
    let target: String = sentence["target"]
        .as_str()
        .unwrap()
        .chars()
        .skip(start)
        .take(end - start)
        .collect();
    assert_eq!(target, "12,000", "the repaired text is in the sentence at the span");
    assert!(third["target"].as_str().unwrap().contains("12,000"));

    worker.stop().await.unwrap();
    cleanup(&channel, &config).await;
}
