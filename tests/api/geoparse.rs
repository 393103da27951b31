//! `POST /geoparse` on a real server: the contract of `../shared/geoparse/README.md` (code-point
//! offsets, one Feature per given span in order, null geometry when unresolved) and bad input
//! refused with 400 naming the field. Texts are the project's own.

use serde_json::{json, Value};

use crate::support::{spawn_app, Options};

fn props(fc: &Value) -> Vec<Value> {
    assert_eq!(fc["type"], "FeatureCollection", "{fc}");
    fc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            assert_eq!(f["type"], "Feature");
            f["properties"].clone()
        })
        .collect()
}

#[tokio::test]
async fn text_alone_gives_every_place_with_code_point_offsets() {
    let app = spawn_app(Options::default()).await;
    // "Şanlıurfa" has letters outside ASCII: offsets after it count characters, not bytes
    let text = "Şanlıurfa officials said Syrian refugees crossed from Aleppo into Turkey.";
    let (status, fc) = app
        .post_json_to("/geoparse", &json!({ "text": text }))
        .await;
    assert_eq!(status, 200, "{fc}");
    let ps = props(&fc);
    let chars: Vec<char> = text.chars().collect();
    let found: Vec<(String, String)> = ps
        .iter()
        .map(|p| {
            let (s, e) = (
                p["start"].as_u64().expect("offset") as usize,
                p["end"].as_u64().expect("offset") as usize,
            );
            let slice: String = chars[s..e].iter().collect();
            assert_eq!(p["text"], slice.as_str(), "text must equal T[start:end]");
            (slice, p["country_code"].as_str().unwrap_or("").to_string())
        })
        .collect();
    for (name, cc) in [("Syrian", "SY"), ("Aleppo", "SY"), ("Turkey", "TR")] {
        assert!(
            found.iter().any(|(n, c)| n == name && c == cc),
            "{name} ({cc}) missing from {found:?}"
        );
    }
    for p in &ps {
        for key in [
            "name",
            "geonameid",
            "feature_code",
            "country_code",
            "admin1",
            "score",
        ] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
    }
}

#[tokio::test]
async fn given_spans_give_one_feature_each_in_order_with_candidates_on_request() {
    let app = spawn_app(Options::default()).await;
    let text = "Flooding in Paris, Texas closed roads to Dallas; nothing like it in Zzyzxqv.";
    let spans = json!([
        {"start": 68, "end": 75},
        {"start": 12, "end": 17},
        {"start": 19, "end": 24},
        {"start": 41, "end": 47}
    ]);
    let (status, fc) = app
        .post_json_to(
            "/geoparse",
            &json!({"text": text, "toponyms": spans, "candidates": 3}),
        )
        .await;
    assert_eq!(status, 200, "{fc}");
    let ps = props(&fc);
    assert_eq!(ps.len(), 4);
    assert_eq!(ps[0]["text"], "Zzyzxqv");
    // a name nothing knows takes the text's place, marked as such and scored as a guess
    assert_eq!(ps[0]["match"], "context", "{}", ps[0]);
    assert!(ps[0]["score"].as_f64().expect("score") < 0.1, "{}", ps[0]);
    assert_eq!(ps[1]["text"], "Paris");
    // the state named right after it decides: Paris in Texas, not in France
    assert_eq!(ps[1]["country_code"], "US", "{}", ps[1]);
    assert_eq!(ps[1]["admin1"], "Texas", "{}", ps[1]);
    assert_eq!(ps[2]["feature_code"], "ADM1");
    assert_eq!(ps[3]["name"], "Dallas");
    let cands = ps[1]["candidates"]
        .as_array()
        .expect("candidates on request");
    assert!(!cands.is_empty() && cands.len() <= 3);
    assert!(cands[0]["evidence"].is_object(), "{}", cands[0]);
    let scores: Vec<f64> = cands
        .iter()
        .map(|c| c["score"].as_f64().expect("score"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field() {
    let app = spawn_app(Options::default()).await;
    let cases = [
        (json!({"text": "   "}), "text"),
        (
            json!({"text": "in Homs", "toponyms": [{"start": 3, "end": 40}]}),
            "toponyms[0].end",
        ),
        (
            json!({"text": "in Homs", "toponyms": [{"start": 5, "end": 3}]}),
            "toponyms[0].start",
        ),
        (
            json!({"text": "in Homs and Hama", "toponyms": [{"start": 3, "end": 7}, {"start": 5, "end": 9}]}),
            "toponyms[1]",
        ),
        (
            json!({"text": "in Homs", "toponyms": [{"start": -1, "end": 3}]}),
            "toponyms[0].start",
        ),
        (json!({"text": "in Homs", "country": "Syria"}), "country"),
        (json!({"text": "in Homs", "candidates": 99}), "candidates"),
        (json!({"text": "in Homs", "colour": "red"}), "colour"),
        (json!({"toponyms": []}), "text"),
        (json!(["in Homs"]), "body"),
    ];
    for (body, field) in cases {
        let (status, err) = app.post_json_to("/geoparse", &body).await;
        assert_eq!(status, 400, "{body} -> {err}");
        assert_eq!(err["parameter"], field, "{body} -> {err}");
        assert!(err["description"].as_str().is_some_and(|d| !d.is_empty()));
    }
}
