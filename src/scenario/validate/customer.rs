//! The customer-experience model's weights: each one written in the file,
//! else the engine's default.

use crate::scenario::format::CustomerSpec;
use crate::sim::model::Customer;

pub(super) fn customer(spec: Option<&CustomerSpec>) -> Customer {
    let defaults = Customer::default();
    let spec = spec.cloned().unwrap_or_default();
    Customer {
        base: spec.base.unwrap_or(defaults.base),
        wait_weight: spec.wait_weight.unwrap_or(defaults.wait_weight),
        handoff_weight: spec.handoff_weight.unwrap_or(defaults.handoff_weight),
        repeat_weight: spec.repeat_weight.unwrap_or(defaults.repeat_weight),
        duplicate_weight: spec.duplicate_weight.unwrap_or(defaults.duplicate_weight),
        inconsistency_weight: spec
            .inconsistency_weight
            .unwrap_or(defaults.inconsistency_weight),
        resolution_bonus: spec.resolution_bonus.unwrap_or(defaults.resolution_bonus),
        reference: spec.reference.unwrap_or(defaults.reference),
        conversion_sensitivity: spec
            .conversion_sensitivity
            .unwrap_or(defaults.conversion_sensitivity),
        prompt_bonus: spec.prompt_bonus.unwrap_or(defaults.prompt_bonus),
        unserved_satisfaction: spec
            .unserved_satisfaction
            .unwrap_or(defaults.unserved_satisfaction),
        expected_followup_minutes: spec
            .expected_followup_minutes
            .unwrap_or(defaults.expected_followup_minutes),
    }
}
