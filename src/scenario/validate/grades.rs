//! Lead grades: their shares of all leads and how long each grade waits.

use super::Checker;
use crate::scenario::format::GradeSpec;
use crate::sim::model::Grade;

pub(super) fn grades(c: &mut Checker, specs: &[GradeSpec]) -> Vec<Grade> {
    c.shares(
        "grades",
        &specs.iter().map(|g| g.share_percent).collect::<Vec<_>>(),
    );
    specs
        .iter()
        .enumerate()
        .map(|(i, g)| Grade {
            name: g.name.clone(),
            qualify: g.qualify_probability,
            expected_response_minutes: g.expected_response_minutes,
            patience: g
                .patience_minutes
                .as_ref()
                .and_then(|d| c.dist(d, &format!("grades[{i}].patience_minutes"), 1.0)),
        })
        .collect()
}
