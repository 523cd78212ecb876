//! Each replication's KPIs, for users who want to do their own statistics
//! (`orgflow run --per-replication`): one row per replication, in
//! replication order, every KPI of the registry as a column.

use serde_json::{Map, Value, json};

use super::{Kpi, csv_field, sorted};
use crate::sim::ReplicationResult;

/// `{"scenario", "replications": [{"replication", "kpis": {key: value}}]}`.
pub fn json(scenario: &str, results: &[ReplicationResult]) -> Value {
    let rows: Vec<Value> = sorted(results)
        .into_iter()
        .map(|r| {
            let kpis: Map<String, Value> = Kpi::ALL
                .iter()
                .map(|kpi| (kpi.key().to_string(), json!(kpi.read(&r.kpis))))
                .collect();
            json!({"replication": r.replication, "kpis": kpis})
        })
        .collect();
    json!({"scenario": scenario, "replications": rows})
}

/// The CSV header: `scenario,replication,` then every KPI key.
pub fn csv_header() -> String {
    let keys: Vec<&str> = Kpi::ALL.iter().map(|kpi| kpi.key()).collect();
    format!("scenario,replication,{}\n", keys.join(","))
}

/// One CSV row per replication (no header).
pub fn csv_rows(scenario: &str, results: &[ReplicationResult], out: &mut String) {
    for r in sorted(results) {
        out.push_str(&csv_field(scenario));
        out.push_str(&format!(",{}", r.replication));
        for kpi in Kpi::ALL {
            out.push_str(&format!(",{}", kpi.read(&r.kpis)));
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_replication_in_order() {
        let mut a = ReplicationResult {
            replication: 1,
            ..ReplicationResult::default()
        };
        a.kpis.orders = 7.0;
        let b = ReplicationResult::default();
        let value = json("s", &[a.clone(), b.clone()]);
        assert_eq!(value["replications"][0]["replication"], 0);
        assert_eq!(value["replications"][1]["kpis"]["orders"], 7.0);
        let mut out = csv_header();
        csv_rows("s", &[a, b], &mut out);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        let columns = lines[0].split(',').count();
        assert!(lines.iter().all(|l| l.split(',').count() == columns));
        assert!(lines[2].starts_with("s,1,"));
    }
}
