//! Funnel channel shares, kept at 100 %.
//!
//! One rule serves the share slider (one channel set, the others absorb
//! the rest in their proportions) and the structure edits (a channel added
//! or removed, every share scaled back to 100 %): shares in tenths of a
//! percent, the rounding drift given to the largest share that is free to
//! move, an even split when the free shares are all 0.

use serde_json::Value;

use super::edits::number_value;
use super::pointer;

/// The shares after the channel `fixed.0` is set to `fixed.1` % (clamped to
/// 0–100), or, with `fixed` `None`, all scaled to total 100 %.
pub fn rebalance(shares: &[f64], fixed: Option<(usize, f64)>) -> Vec<f64> {
    let fixed = fixed.map(|(index, value)| (index, value.clamp(0.0, 100.0)));
    let is_free = |i: usize| fixed.is_none_or(|(index, _)| index != i);
    let left = 100.0 - fixed.map_or(0.0, |(_, value)| value);
    let free_total: f64 = (0..shares.len())
        .filter(|&i| is_free(i))
        .map(|i| shares[i])
        .sum();
    let free_count = (0..shares.len()).filter(|&i| is_free(i)).count().max(1) as f64;
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let mut result: Vec<f64> = shares
        .iter()
        .enumerate()
        .map(|(i, share)| match fixed {
            Some((index, value)) if index == i => value,
            _ if free_total > 0.0 => round(share / free_total * left),
            _ => round(left / free_count),
        })
        .collect();
    let drift = 100.0 - result.iter().sum::<f64>();
    if let Some(largest) = (0..result.len())
        .filter(|&i| is_free(i))
        .max_by(|&a, &b| result[a].total_cmp(&result[b]))
    {
        result[largest] = round(result[largest] + drift);
    }
    result
}

/// The channels' shares as written (a missing share reads as 0).
fn shares(value: &Value) -> Vec<f64> {
    value
        .pointer("/funnel/channels")
        .and_then(Value::as_array)
        .map(|channels| {
            channels
                .iter()
                .map(|c| {
                    c.get("share_percent")
                        .and_then(Value::as_f64)
                        .unwrap_or(0.0)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Writes `new` as the channels' shares, in order.
fn write(value: &mut Value, new: &[f64]) {
    for (i, share) in new.iter().enumerate() {
        if let Some(number) = number_value(*share, false) {
            pointer::put(
                value,
                &format!("/funnel/channels/{i}/share_percent"),
                number,
            );
        }
    }
}

/// Sets channel `index` to `percent` and rebalances the others. `false`
/// when there is no such channel.
pub fn set_share(value: &mut Value, index: usize, percent: f64) -> bool {
    let current = shares(value);
    if index >= current.len() || !percent.is_finite() {
        return false;
    }
    write(value, &rebalance(&current, Some((index, percent))));
    true
}

/// Scales every channel's share so they total 100 % (after a channel is
/// added or removed).
pub fn normalise(value: &mut Value) {
    let current = shares(value);
    if !current.is_empty() {
        write(value, &rebalance(&current, None));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_share_set_the_others_keep_their_proportions() {
        assert_eq!(
            rebalance(&[50.0, 30.0, 20.0], Some((0, 70.0))),
            vec![70.0, 18.0, 12.0]
        );
        // Tenths, the drift to the largest free share.
        assert_eq!(
            rebalance(&[40.0, 30.0, 30.0], Some((0, 0.0))),
            vec![0.0, 50.0, 50.0]
        );
        let odd = rebalance(&[33.3, 33.3, 33.4], Some((2, 10.0)));
        assert!((odd.iter().sum::<f64>() - 100.0).abs() < 1e-9, "{odd:?}");
        // All the others at 0: they share the rest evenly.
        assert_eq!(
            rebalance(&[100.0, 0.0, 0.0], Some((0, 40.0))),
            vec![40.0, 30.0, 30.0]
        );
        // Out of range is clamped.
        assert_eq!(rebalance(&[50.0, 50.0], Some((1, 140.0))), vec![0.0, 100.0]);
    }

    #[test]
    fn all_scaled_to_100_or_shared_evenly() {
        assert_eq!(rebalance(&[60.0, 30.0, 30.0], None), vec![50.0, 25.0, 25.0]);
        let thirds = rebalance(&[0.0, 0.0, 0.0], None);
        assert_eq!(thirds.iter().sum::<f64>(), 100.0);
        // Ties go to the last of the largest, as `max_by` keeps the last.
        assert_eq!(thirds, vec![33.3, 33.3, 33.4]);
    }

    #[test]
    fn edits_write_whole_numbers_and_refuse_missing_channels() {
        let mut value = json!({"funnel": {"channels": [
            {"name": "dealer", "share_percent": 80},
            {"name": "online", "share_percent": 20}
        ]}});
        assert!(set_share(&mut value, 1, 35.0));
        assert_eq!(value["funnel"]["channels"][0]["share_percent"], json!(65));
        assert_eq!(value["funnel"]["channels"][1]["share_percent"], json!(35));
        assert!(!set_share(&mut value, 2, 10.0));
        assert!(!set_share(&mut value, 0, f64::NAN));
        value["funnel"]["channels"][0]["share_percent"] = json!(130);
        normalise(&mut value);
        assert_eq!(value["funnel"]["channels"][0]["share_percent"], json!(78.8));
        assert_eq!(value["funnel"]["channels"][1]["share_percent"], json!(21.2));
    }
}
