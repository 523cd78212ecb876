//! The 中文 / English string tables.
//!
//! Every user-visible string in the app is a [`Text`] key looked up with
//! [`Lang::text`]. Each language is one exhaustive `match`, so adding a key
//! without translating it is a compile error, not a blank label on a
//! projector.

use serde::{Deserialize, Serialize};

/// A language the interface can be shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese, the language of the source cases and most users.
    #[default]
    Zh,
    /// English, for international teams and consultants.
    En,
}

impl Lang {
    /// Both languages, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag, used for `<html lang>` and for storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses a stored tag or a browser language such as `zh-TW` or `en-GB`.
    /// Anything that is not Chinese falls back to English.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The other language: what the switch changes to.
    pub fn toggled(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The translation of `key` in this language.
    pub fn text(self, key: Text) -> &'static str {
        match self {
            Lang::Zh => zh(key),
            Lang::En => en(key),
        }
    }
}

/// Declares [`Text`], [`ALL_TEXTS`] and both tables from one list, so a key
/// cannot exist without its Chinese and English strings side by side.
macro_rules! texts {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// Keys of every user-visible string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Text { $($key),+ }

        /// Every key, for tests that check both tables are filled in.
        pub const ALL_TEXTS: &[Text] = &[$(Text::$key),+];

        fn zh(key: Text) -> &'static str {
            match key { $(Text::$key => $zh),+ }
        }

        fn en(key: Text) -> &'static str {
            match key { $(Text::$key => $en),+ }
        }
    };
}

texts! {
    Tagline => "汽车营销组织设计仿真", "Organisation design simulator for automotive sales";
    // The switch names the language it switches *to*, in that language.
    SwitchLanguage => "English", "中文";
    SwitchLanguageHint => "将界面切换为英文", "Switch the interface to Chinese";
    ThemeLight => "浅色", "Light";
    ThemeDark => "深色", "Dark";
    ThemeHint => "切换浅色 / 深色主题", "Switch between light and dark theme";
    Scenarios => "方案", "Scenarios";
    ScenariosEmpty => "预设方案和您自己的方案将显示在这里。", "Presets and your own scenarios will be listed here.";
    Editor => "编辑", "Editor";
    EditorEmpty => "选择一个方案，编辑其组织、渠道和线索来源。", "Pick a scenario to edit its organisation, channels and lead sources.";
    Results => "结果", "Results";
    ResultsEmpty => "运行方案后，这里显示带 95% 置信区间的关键指标。", "Run a scenario to see KPIs with 95 % confidence intervals.";
    WorkerStarting => "正在启动仿真线程…", "Starting simulation worker…";
    WorkerReady => "仿真线程已就绪", "Simulation worker ready";
    WorkerFailed => "仿真线程无法启动", "The simulation worker could not start";
    WorkerVersionMismatch => "仿真线程版本不一致，正在重新加载", "The simulation worker is from another version; reloading";
    Version => "版本", "Version";
    PrivacyNote => "完全在浏览器中运行：方案数据不会离开本设备。", "Runs entirely in your browser: no scenario data leaves this device.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_translated_in_both_languages() {
        for &key in ALL_TEXTS {
            for lang in Lang::ALL {
                assert!(!lang.text(key).trim().is_empty(), "{key:?} empty in {lang:?}");
            }
            // A string identical in both tables is almost always a missed translation;
            // the language switch itself is the deliberate exception.
            if key != Text::SwitchLanguage {
                assert_ne!(Lang::Zh.text(key), Lang::En.text(key), "{key:?} untranslated");
            }
        }
    }

    #[test]
    fn chinese_table_is_in_chinese() {
        let has_cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for &key in ALL_TEXTS {
            if key != Text::SwitchLanguage {
                assert!(has_cjk(Lang::Zh.text(key)), "{key:?} has no Chinese text");
            }
        }
    }

    #[test]
    fn language_tags_round_trip_and_fall_back_to_english() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), lang);
        }
        assert_eq!(Lang::from_tag("zh-TW"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::En);
        assert_eq!(Lang::Zh.toggled(), Lang::En);
    }
}
