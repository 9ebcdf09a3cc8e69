//! The configuration examples handed to the README, kept honest: each one is
//! loaded as the app loads `[mt]` and must build a translator for its provider.

use alih::mt::{MtConfig, Translator};
use figment::Figment;
use figment::providers::{Format, Serialized, Toml};

const LIBRETRANSLATE: &str = r#"
[mt]
provider = "libretranslate"
url = "http://127.0.0.1:5000"   # base URL; alih POSTs to /translate
# api_key = "..."               # only when the server runs with --api-keys
batch_size = 50                 # the server's --batch-limit
batch_chars = 10000             # total characters per request (--char-limit is per text)
"#;

const DEEPL: &str = r#"
[mt]
provider = "deepl"
api_key = "your-key:fx"         # better from ALIH_MT__API_KEY; ':fx' keys go to api-free.deepl.com
target_lang = "en-GB"           # "en" means EN-US
model = "quality_optimized"     # optional: DeepL model_type
"#;

const GOOGLE: &str = r#"
[mt]
provider = "google"
api_key = "your-api-key"        # sent as ?key=; base URL defaults to https://translation.googleapis.com
"#;

const AZURE: &str = r#"
[mt]
provider = "azure"
api_key = "your-subscription-key"
region = "westeurope"           # for regional and multi-service resources
# url = "https://my-translator.cognitiveservices.azure.com/translator/text/v3.0"
"#;

const OPENAI: &str = r#"
[mt]
provider = "openai"
url = "http://127.0.0.1:8000/v1"    # vLLM; Ollama http://127.0.0.1:11434/v1; OpenAI https://api.openai.com/v1 (needs api_key)
model = "Qwen/Qwen2.5-7B-Instruct"
batch_size = 20
timeout = "120s"
"#;

const APERTIUM: &str = r#"
[mt]
provider = "apertium"
url = "http://127.0.0.1:2737"
target_lang = "ms"              # Debian ships ind→zlm only
"#;

const HTTP: &str = r#"
[mt]
provider = "http"
url = "https://mt.example.internal"
api_key = "your-key"
[mt.http]
path = "/v1/translate"
body = { texts = "{{texts}}", from = "{{source_lang}}", to = "{{target_lang}}" }
response = "/translations"      # JSON pointer to the array of translations
item = "/text"                  # optional: pointer to the text inside each element
headers = { Authorization = "Bearer {{api_key}}" }
"#;

const FALLBACK: &str = r#"
[mt]
provider = "deepl"
api_key = "your-key:fx"
fallback = ["google", "libretranslate"]
rate_limit = 5                  # requests per second to DeepL
max_in_flight = 8
cache_size = 10000
[mt.providers.google]
api_key = "your-api-key"
[mt.providers.libretranslate]
url = "http://lt.internal:5000"
rate_limit = 2
"#;

fn build(example: &str) -> Translator {
    let figment = Figment::new()
        .merge(Serialized::default("mt", MtConfig::default()))
        .merge(Toml::string(example));
    let config: MtConfig = figment
        .extract_inner("mt")
        .unwrap_or_else(|error| panic!("{error}\n{example}"));
    Translator::from_config(&config).unwrap_or_else(|error| panic!("{error}\n{example}"))
}

#[test]
fn every_readme_example_builds_a_translator_for_its_provider() {
    for (provider, example) in [
        ("libretranslate", LIBRETRANSLATE),
        ("deepl", DEEPL),
        ("google", GOOGLE),
        ("azure", AZURE),
        ("openai", OPENAI),
        ("apertium", APERTIUM),
        ("http", HTTP),
        ("deepl", FALLBACK),
    ] {
        assert_eq!(build(example).provider_name(), provider, "{example}");
    }
}

#[test]
fn the_fallback_example_chains_three_providers() {
    assert_eq!(
        format!("{:?}", build(FALLBACK)),
        "Translator { chain: [\"deepl\", \"google\", \"libretranslate\"], .. }"
    );
}
