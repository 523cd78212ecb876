//! Keyboard behaviour shared by the app's widgets, kept out of the UI so
//! it is tested natively.

/// The WAI-ARIA tabs pattern: which tab a key press in a tab list moves to.
/// Left / Right move to the previous / next tab and wrap around; Home and
/// End go to the first and last. `None` for any other key (the browser
/// keeps it, so Tab still leaves the list).
pub fn tab_key_target(key: &str, current: usize, count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    let current = current.min(count - 1);
    match key {
        "ArrowRight" => Some((current + 1) % count),
        "ArrowLeft" => Some((current + count - 1) % count),
        "Home" => Some(0),
        "End" => Some(count - 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_and_home_end_jump() {
        assert_eq!(tab_key_target("ArrowRight", 0, 3), Some(1));
        assert_eq!(tab_key_target("ArrowRight", 2, 3), Some(0));
        assert_eq!(tab_key_target("ArrowLeft", 0, 3), Some(2));
        assert_eq!(tab_key_target("ArrowLeft", 2, 3), Some(1));
        assert_eq!(tab_key_target("Home", 2, 3), Some(0));
        assert_eq!(tab_key_target("End", 0, 3), Some(2));
        assert_eq!(tab_key_target("Tab", 0, 3), None);
        assert_eq!(tab_key_target("ArrowDown", 0, 3), None);
        assert_eq!(tab_key_target("ArrowRight", 0, 0), None);
        assert_eq!(
            tab_key_target("ArrowRight", 9, 3),
            Some(0),
            "out of range starts at the end"
        );
    }
}
