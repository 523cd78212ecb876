//! Share links: a scenario carried in the URL fragment.
//!
//! The fragment never reaches a server (browsers do not send it), which is
//! why confidential scenarios may travel this way at all. Format:
//!
//! ```text
//! #s=1.<payload>
//!    │ └ base64url (no padding) of the zlib-deflated scenario JSON
//!    └ format version, so the encoding can change without misreading old links
//! #s=2.<preset id>.<payload>
//!        │           └ base64url of the zlib-deflated JSON Patch (RFC 6902)
//!        │             that turns the built-in preset into the scenario
//!        └ a preset of this build (an unknown id is a clear error)
//! ```
//!
//! [`encode`] writes whichever is shorter: a workshop shares edited presets,
//! and the platform preset alone no longer fits in a version-1 link.
//!
//! zlib rather than raw deflate: its Adler-32 checksum turns a link damaged in
//! copy-and-paste into a clear error instead of a silently different scenario.
//!
//! A link is untrusted input. Decoding caps the decompressed size
//! ([`MAX_SCENARIO_BYTES`]) inside the inflater itself, so a small link that
//! expands to gigabytes (a "zip bomb") is refused before it can allocate more
//! than the cap.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
use serde_json::{Value, json};

use crate::i18n::{Lang, Text};

/// The fragment parameter that carries the scenario.
const PARAMETER: &str = "s=";
/// The format of a link that carries the whole scenario.
pub const FORMAT_VERSION: &str = "1";
/// The format of a link that carries a built-in preset's id and the changes
/// to it (a JSON merge patch, RFC 7386): an edited preset — what a workshop
/// shares — takes a few hundred characters, where the whole platform preset
/// takes over 8,000. [`encode`] writes whichever is shorter.
pub const PRESET_FORMAT_VERSION: &str = "2";
/// Longest fragment [`encode`] produces. Browsers accept far longer URLs, but
/// chat tools and e-mail clients truncate or wrap long links; beyond this the
/// app offers the scenario file instead.
pub const MAX_FRAGMENT_CHARS: usize = 8000;
/// Largest scenario a link may carry, checked on both sides: a link that
/// could not be decoded is never produced, and decoding stops here.
pub const MAX_SCENARIO_BYTES: usize = 512 * 1024;
/// Best compression: scenarios are small, and every character saved keeps
/// more of them under [`MAX_FRAGMENT_CHARS`].
const COMPRESSION_LEVEL: u8 = 10;
/// User-controlled text quoted in a message is cut to this many characters.
const QUOTED_CHARS: usize = 16;

/// Why a scenario could not be turned into a link, or a link back into a
/// scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment would be `bytes` characters, over `limit`: share the file.
    TooLong { bytes: usize, limit: usize },
    /// The scenario, or what a link decompresses to, exceeds `limit` bytes.
    TooLarge { limit: usize },
    /// The fragment has no `s=` parameter.
    NotAShareLink,
    /// The `s=` value lacks the `<version>.` prefix.
    Malformed,
    /// A format version this build cannot read (from a newer app, or edited).
    UnsupportedVersion { version: String },
    /// The payload has characters base64url never uses.
    InvalidBase64,
    /// The payload is base64url but ends mid-character: the link was cut
    /// off (chat tools and e-mail clients wrap or truncate long links).
    Incomplete,
    /// The compressed data is truncated or altered (bad stream or checksum).
    Corrupt,
    /// The decompressed bytes are not UTF-8 text.
    NotUtf8,
    /// The link is based on a preset this version of orgflow does not have.
    UnknownPreset { id: String },
    /// The changes a preset-based link carries are not a JSON object.
    BadPatch,
}

impl ShareError {
    /// The message shown to the user, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ShareError::TooLong { bytes, limit }, Lang::En) => format!(
                "The share link would be {bytes} characters long, over the limit of {limit}. Export the scenario as a file instead."
            ),
            (ShareError::TooLong { bytes, limit }, Lang::Zh) => {
                format!("分享链接将有 {bytes} 个字符，超过 {limit} 个字符的上限。请改为导出场景文件。")
            }
            (ShareError::TooLarge { limit }, Lang::En) => {
                format!("The scenario is larger than {} KiB, the most a share link can carry.", limit / 1024)
            }
            (ShareError::TooLarge { limit }, Lang::Zh) => {
                format!("场景大于 {} KiB，超出分享链接可承载的上限。", limit / 1024)
            }
            (ShareError::NotAShareLink, Lang::En) => "This link does not contain a shared scenario.".into(),
            (ShareError::NotAShareLink, Lang::Zh) => "此链接不包含分享的场景。".into(),
            (ShareError::Malformed, Lang::En) => "The share link is malformed: its format version is missing.".into(),
            (ShareError::Malformed, Lang::Zh) => "分享链接格式有误：缺少格式版本号。".into(),
            (ShareError::UnsupportedVersion { version }, Lang::En) => format!(
                "The share link uses format version “{}”, which this version of orgflow cannot read.",
                quoted(version)
            ),
            (ShareError::UnsupportedVersion { version }, Lang::Zh) => {
                format!("分享链接使用的格式版本“{}”无法被当前版本的 orgflow 读取。", quoted(version))
            }
            (ShareError::InvalidBase64, Lang::En) => {
                "The share link is damaged: it contains characters a share link never has. It may have been changed when copied.".into()
            }
            (ShareError::InvalidBase64, Lang::Zh) => "分享链接已损坏：包含分享链接中不会出现的字符，可能在复制时被改动。".into(),
            (ShareError::Incomplete, lang) => lang.text(Text::ShareLinkIncomplete).into(),
            (ShareError::Corrupt, Lang::En) => {
                "The share link is damaged: its data is incomplete or altered. It may have been cut off when copied.".into()
            }
            (ShareError::Corrupt, Lang::Zh) => "分享链接已损坏：数据不完整或被改动，可能在复制时被截断。".into(),
            (ShareError::NotUtf8, Lang::En) => "The share link's content is not valid text.".into(),
            (ShareError::NotUtf8, Lang::Zh) => "分享链接的内容不是有效的文本。".into(),
            (ShareError::UnknownPreset { id }, Lang::En) => format!(
                "The share link is based on the preset “{}”, which this version of orgflow does not have.",
                quoted(id)
            ),
            (ShareError::UnknownPreset { id }, Lang::Zh) => {
                format!("分享链接基于预设“{}”，当前版本的 orgflow 没有该预设。", quoted(id))
            }
            (ShareError::BadPatch, Lang::En) => {
                "The share link is damaged: the changes it carries are not readable.".into()
            }
            (ShareError::BadPatch, Lang::Zh) => "分享链接已损坏：其中的修改内容无法读取。".into(),
        }
    }
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ShareError {}

/// Cuts user-controlled text so a hostile link cannot fill the error banner.
fn quoted(text: &str) -> String {
    let mut cut: String = text.chars().take(QUOTED_CHARS).collect();
    if text.chars().count() > QUOTED_CHARS {
        cut.push('…');
    }
    cut
}

/// The fragment (without `#`) that carries `scenario_json`, e.g. `s=1.eNq…`.
pub fn encode(scenario_json: &str) -> Result<String, ShareError> {
    if scenario_json.len() > MAX_SCENARIO_BYTES {
        return Err(ShareError::TooLarge {
            limit: MAX_SCENARIO_BYTES,
        });
    }
    let compressed =
        miniz_oxide::deflate::compress_to_vec_zlib(scenario_json.as_bytes(), COMPRESSION_LEVEL);
    let mut fragment = format!(
        "{PARAMETER}{FORMAT_VERSION}.{}",
        URL_SAFE_NO_PAD.encode(compressed)
    );
    if let Some(shorter) = preset_based(scenario_json).filter(|f| f.len() < fragment.len()) {
        fragment = shorter;
    }
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong {
            bytes: fragment.len(),
            limit: MAX_FRAGMENT_CHARS,
        });
    }
    Ok(fragment)
}

/// The scenario JSON carried by `fragment` (`location.hash`, with or without
/// the leading `#`). Other `&`-separated parameters are ignored, so the app
/// may add its own (a language, say) without breaking links.
pub fn decode(fragment: &str) -> Result<String, ShareError> {
    let fragment = fragment.trim();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let value = fragment
        .split('&')
        .find_map(|parameter| parameter.strip_prefix(PARAMETER))
        .ok_or(ShareError::NotAShareLink)?;
    let (version, payload) = value.split_once('.').ok_or(ShareError::Malformed)?;
    match version {
        FORMAT_VERSION => inflate_text(payload),
        PRESET_FORMAT_VERSION => {
            let (id, payload) = payload.split_once('.').ok_or(ShareError::Malformed)?;
            let preset = crate::scenario::presets()
                .into_iter()
                .find(|p| p.id == id)
                .ok_or_else(|| ShareError::UnknownPreset { id: id.to_string() })?;
            let patch: Value =
                serde_json::from_str(&inflate_text(payload)?).map_err(|_| ShareError::BadPatch)?;
            let mut scenario: Value =
                serde_json::from_str(preset.json).map_err(|_| ShareError::BadPatch)?;
            apply_patch(&mut scenario, &patch)?;
            let text = serde_json::to_string_pretty(&scenario).map_err(|_| ShareError::BadPatch)?;
            if text.len() > MAX_SCENARIO_BYTES {
                return Err(ShareError::TooLarge {
                    limit: MAX_SCENARIO_BYTES,
                });
            }
            Ok(text)
        }
        _ => Err(ShareError::UnsupportedVersion {
            version: version.to_string(),
        }),
    }
}

/// The shortest preset-based fragment for `scenario_json`, if it is JSON.
fn preset_based(scenario_json: &str) -> Option<String> {
    let target: Value = serde_json::from_str(scenario_json).ok()?;
    crate::scenario::presets()
        .into_iter()
        .filter_map(|preset| {
            let base: Value = serde_json::from_str(preset.json).ok()?;
            let mut ops = Vec::new();
            diff(&base, &target, "", &mut ops);
            let patch = serde_json::to_string(&ops).ok()?;
            let compressed =
                miniz_oxide::deflate::compress_to_vec_zlib(patch.as_bytes(), COMPRESSION_LEVEL);
            Some(format!(
                "{PARAMETER}{PRESET_FORMAT_VERSION}.{}.{}",
                preset.id,
                URL_SAFE_NO_PAD.encode(compressed)
            ))
        })
        .min_by_key(String::len)
}

/// Appends to `ops` the JSON Patch (RFC 6902; only `add`, `remove` and
/// `replace` on object members and `replace` elsewhere) that turns `base`
/// into `target`. Objects are compared member by member and lists of the
/// same length item by item, so one changed headcount is one operation;
/// a list whose length changed is replaced whole.
fn diff(base: &Value, target: &Value, pointer: &str, ops: &mut Vec<Value>) {
    let at = |pointer: &str, key: &str| {
        format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
    };
    match (base, target) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, old) in a {
                match b.get(key) {
                    None => ops.push(json!({"op": "remove", "path": at(pointer, key)})),
                    Some(new) => diff(old, new, &at(pointer, key), ops),
                }
            }
            for (key, new) in b.iter().filter(|(key, _)| !a.contains_key(*key)) {
                ops.push(json!({"op": "add", "path": at(pointer, key), "value": new}));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (old, new)) in a.iter().zip(b).enumerate() {
                diff(old, new, &format!("{pointer}/{index}"), ops);
            }
        }
        _ if base == target => {}
        _ => ops.push(json!({"op": "replace", "path": pointer, "value": target})),
    }
}

/// Applies a patch made by [`diff`]. A link is untrusted input: an
/// operation that does not fit the preset is refused, never guessed.
fn apply_patch(scenario: &mut Value, patch: &Value) -> Result<(), ShareError> {
    let ops = patch.as_array().ok_or(ShareError::BadPatch)?;
    for op in ops {
        let path = op["path"].as_str().ok_or(ShareError::BadPatch)?;
        match op["op"].as_str() {
            Some("replace") => {
                let value = op.get("value").ok_or(ShareError::BadPatch)?.clone();
                *scenario.pointer_mut(path).ok_or(ShareError::BadPatch)? = value;
            }
            Some(kind @ ("add" | "remove")) => {
                let (parent, key) = path.rsplit_once('/').ok_or(ShareError::BadPatch)?;
                let key = key.replace("~1", "/").replace("~0", "~");
                let object = scenario
                    .pointer_mut(parent)
                    .and_then(Value::as_object_mut)
                    .ok_or(ShareError::BadPatch)?;
                if kind == "add" {
                    let value = op.get("value").ok_or(ShareError::BadPatch)?.clone();
                    object.insert(key, value);
                } else if object.remove(&key).is_none() {
                    return Err(ShareError::BadPatch);
                }
            }
            _ => return Err(ShareError::BadPatch),
        }
    }
    Ok(())
}

/// Decodes and inflates a base64url payload into text.
fn inflate_text(payload: &str) -> Result<String, ShareError> {
    let compressed = URL_SAFE_NO_PAD.decode(payload).map_err(|_| {
        // Only the alphabet's characters, yet undecodable: the length or the
        // last character is off, which is what cutting a link does.
        if payload
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            ShareError::Incomplete
        } else {
            ShareError::InvalidBase64
        }
    })?;
    let bytes = inflate_capped(&compressed, MAX_SCENARIO_BYTES).map_err(|e| match e {
        Inflate::TooLarge => ShareError::TooLarge {
            limit: MAX_SCENARIO_BYTES,
        },
        Inflate::Corrupt => ShareError::Corrupt,
    })?;
    String::from_utf8(bytes).map_err(|_| ShareError::NotUtf8)
}

/// Inflates a zlib stream into a buffer grown with exact reservations up
/// to `limit` bytes, then refuses. miniz_oxide's own
/// `decompress_to_vec_zlib_with_limit` grows its `Vec` by amortised
/// doubling, which may reserve up to twice the limit. Shared with the
/// workshop file, whose packed results are untrusted input too.
pub(crate) fn inflate_capped(compressed: &[u8], limit: usize) -> Result<Vec<u8>, Inflate> {
    let flags = inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
        | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut inflater = Box::<DecompressorOxide>::default();
    let mut output = vec![0u8; compressed.len().saturating_mul(4).clamp(1, limit.max(1))];
    let mut written = 0;
    let mut input = compressed;
    loop {
        let (status, consumed, produced) =
            decompress(&mut inflater, input, &mut output, written, flags);
        written += produced;
        input = input.get(consumed..).ok_or(Inflate::Corrupt)?;
        match status {
            TINFLStatus::Done => {
                output.truncate(written);
                return Ok(output);
            }
            TINFLStatus::HasMoreOutput if output.len() < limit => {
                let grown = output.len().saturating_mul(2).min(limit);
                output.reserve_exact(grown - output.len());
                output.resize(grown, 0);
            }
            TINFLStatus::HasMoreOutput => return Err(Inflate::TooLarge),
            _ => return Err(Inflate::Corrupt),
        }
    }
}

/// Why [`inflate_capped`] refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Inflate {
    TooLarge,
    Corrupt,
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{"version":1,"meta":{"name_en":"Front–middle–back","name_zh":"前中后台"},"units":[{"name":"战区 A","headcount":12}]}"#;

    fn payload_bytes(fragment: &str) -> Vec<u8> {
        let payload = fragment.split_once('.').map(|(_, p)| p).unwrap_or_default();
        URL_SAFE_NO_PAD.decode(payload).unwrap()
    }

    fn fragment_of(compressed: &[u8]) -> String {
        format!("s=1.{}", URL_SAFE_NO_PAD.encode(compressed))
    }

    #[test]
    fn round_trip_keeps_chinese_text() {
        let fragment = encode(SCENARIO).unwrap();
        assert!(fragment.starts_with("s=1."));
        assert!(
            fragment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.=".contains(&b)),
            "{fragment}"
        );
        assert_eq!(decode(&fragment).unwrap(), SCENARIO);
        assert_eq!(decode(&format!("#{fragment}")).unwrap(), SCENARIO);
        assert_eq!(
            decode(&format!("  #lang=en&{fragment}\n")).unwrap(),
            SCENARIO
        );
        assert_eq!(decode(&encode("").unwrap()).unwrap(), "");
    }

    #[test]
    fn fragment_over_the_limit_is_too_long() {
        // Pseudo-random text barely compresses, so it overflows the fragment.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let noise: String = (0..20_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                char::from(b'a' + (state % 26) as u8)
            })
            .collect();
        match encode(&noise) {
            Err(ShareError::TooLong { bytes, limit }) => {
                assert_eq!(limit, MAX_FRAGMENT_CHARS);
                assert!(bytes > limit);
            }
            other => panic!("expected TooLong, got {other:?}"),
        }
    }

    #[test]
    fn scenario_over_the_cap_is_refused_before_compression() {
        let huge = " ".repeat(MAX_SCENARIO_BYTES + 1);
        assert_eq!(
            encode(&huge),
            Err(ShareError::TooLarge {
                limit: MAX_SCENARIO_BYTES
            })
        );
        let at_cap = " ".repeat(MAX_SCENARIO_BYTES);
        assert_eq!(
            decode(&encode(&at_cap).unwrap()).unwrap().len(),
            MAX_SCENARIO_BYTES
        );
    }

    #[test]
    fn fragments_without_a_scenario_are_rejected() {
        assert_eq!(decode(""), Err(ShareError::NotAShareLink));
        assert_eq!(decode("#"), Err(ShareError::NotAShareLink));
        assert_eq!(decode("#lang=zh"), Err(ShareError::NotAShareLink));
        assert_eq!(decode("#s=abc"), Err(ShareError::Malformed));
    }

    #[test]
    fn unknown_versions_are_rejected() {
        let fragment = encode(SCENARIO).unwrap();
        let payload = fragment.trim_start_matches("s=1.");
        for version in ["3", "0", "", "v1", "１"] {
            let error = decode(&format!("s={version}.{payload}")).unwrap_err();
            assert_eq!(
                error,
                ShareError::UnsupportedVersion {
                    version: version.to_string()
                }
            );
        }
    }

    #[test]
    fn bad_base64_is_rejected() {
        for payload in ["eNq!", "eNq=", "abc def", "+/+/"] {
            assert_eq!(
                decode(&format!("s=1.{payload}")),
                Err(ShareError::InvalidBase64),
                "{payload}"
            );
        }
    }

    #[test]
    fn a_link_cut_mid_character_is_incomplete_not_foreign() {
        let fragment = encode(SCENARIO).unwrap();
        let mut incomplete = 0;
        for end in "s=1.".len()..fragment.len() {
            match decode(&fragment[..end]) {
                Err(ShareError::Incomplete) => incomplete += 1,
                Err(ShareError::Corrupt) => {}
                other => panic!("prefix of {end} characters: {other:?}"),
            }
        }
        assert!(incomplete > 0);
        assert_eq!(decode("s=1.a"), Err(ShareError::Incomplete));
        assert!(
            ShareError::Incomplete
                .message(Lang::En)
                .contains("incomplete")
        );
    }

    #[test]
    fn corrupt_deflate_is_rejected() {
        assert_eq!(
            decode(&fragment_of(b"not zlib at all")),
            Err(ShareError::Corrupt)
        );
        assert_eq!(decode("s=1."), Err(ShareError::Corrupt));
    }

    #[test]
    fn non_utf8_content_is_rejected() {
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&[0x7b, 0xff, 0xfe, 0x7d], 6);
        assert_eq!(decode(&fragment_of(&compressed)), Err(ShareError::NotUtf8));
    }

    #[test]
    fn truncated_payloads_never_decode() {
        let fragment = encode(SCENARIO).unwrap();
        for end in 0..fragment.len() {
            let result = decode(&fragment[..end]);
            assert!(
                result.is_err(),
                "prefix of {end} characters decoded: {result:?}"
            );
        }
    }

    #[test]
    fn single_byte_tampering_never_panics_or_changes_the_scenario() {
        let fragment = encode(SCENARIO).unwrap();
        let compressed = payload_bytes(&fragment);
        for index in 0..compressed.len() {
            for mask in [0x01u8, 0x10, 0x80, 0xff] {
                let mut tampered = compressed.clone();
                tampered[index] ^= mask;
                // A flip in bits the inflater ignores may still give the
                // original; a different scenario must never get through.
                if let Ok(text) = decode(&fragment_of(&tampered)) {
                    assert_eq!(
                        text, SCENARIO,
                        "byte {index} ^ {mask:#x} changed the scenario"
                    );
                }
            }
        }
        for index in 0..fragment.len() {
            for replacement in ['A', '_', '-', '.', '#', '%', 'é'] {
                let mut tampered: String = fragment[..index].to_string();
                tampered.push(replacement);
                tampered.push_str(&fragment[index + 1..]);
                if let Ok(text) = decode(&tampered) {
                    assert_eq!(
                        text, SCENARIO,
                        "character {index} → {replacement} changed the scenario"
                    );
                }
            }
        }
    }

    #[test]
    fn zip_bomb_stops_at_the_cap_without_allocating_more() {
        let bomb =
            miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; 8 * MAX_SCENARIO_BYTES], 10);
        let fragment = fragment_of(&bomb);
        assert!(
            fragment.len() < MAX_FRAGMENT_CHARS,
            "the bomb fits in a link: {}",
            fragment.len()
        );
        allocation_probe::reset();
        let result = decode(&fragment);
        let largest = allocation_probe::largest();
        assert_eq!(
            result,
            Err(ShareError::TooLarge {
                limit: MAX_SCENARIO_BYTES
            })
        );
        assert!(
            largest <= MAX_SCENARIO_BYTES,
            "an allocation of {largest} bytes exceeded the cap"
        );
    }

    #[test]
    fn every_error_has_a_message_in_both_languages() {
        let errors = [
            ShareError::TooLong {
                bytes: 9001,
                limit: MAX_FRAGMENT_CHARS,
            },
            ShareError::TooLarge {
                limit: MAX_SCENARIO_BYTES,
            },
            ShareError::NotAShareLink,
            ShareError::Malformed,
            ShareError::UnsupportedVersion {
                version: "9".repeat(100),
            },
            ShareError::InvalidBase64,
            ShareError::Corrupt,
            ShareError::NotUtf8,
            ShareError::UnknownPreset {
                id: "x".repeat(100),
            },
            ShareError::BadPatch,
        ];
        for error in &errors {
            let en = error.message(Lang::En);
            let zh = error.message(Lang::Zh);
            assert!(en.is_ascii() || en.contains('“'), "{en}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            assert_ne!(en, zh);
            assert_eq!(error.to_string(), en);
            assert!(
                en.len() < 200,
                "a hostile version string must not flood the message: {en}"
            );
        }
        assert!(errors[0].message(Lang::En).contains("9001"));
        assert!(errors[1].message(Lang::Zh).contains("512 KiB"));
    }

    /// Records the largest single allocation made on the current thread, so
    /// the zip-bomb test sees the decoder's allocations and not those of tests
    /// running in parallel.
    mod allocation_probe {
        use std::alloc::{GlobalAlloc, Layout, System};
        use std::cell::Cell;

        thread_local! {
            static LARGEST: Cell<usize> = const { Cell::new(0) };
        }

        pub fn reset() {
            LARGEST.with(|largest| largest.set(0));
        }

        pub fn largest() -> usize {
            LARGEST.with(Cell::get)
        }

        fn record(size: usize) {
            // `try_with` because allocations also happen while a thread's
            // locals are being torn down.
            let _ = LARGEST.try_with(|largest| largest.set(largest.get().max(size)));
        }

        struct Probe;

        // SAFETY: every call is forwarded unchanged to the system allocator;
        // the probe only reads the requested sizes.
        unsafe impl GlobalAlloc for Probe {
            unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
                record(layout.size());
                // SAFETY: same layout contract as the caller's.
                unsafe { System.alloc(layout) }
            }

            unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
                record(layout.size());
                // SAFETY: same layout contract as the caller's.
                unsafe { System.alloc_zeroed(layout) }
            }

            unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
                record(new_size);
                // SAFETY: `ptr` came from this allocator, which is System's.
                unsafe { System.realloc(ptr, layout, new_size) }
            }

            unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
                // SAFETY: `ptr` came from this allocator, which is System's.
                unsafe { System.dealloc(ptr, layout) }
            }
        }

        #[global_allocator]
        static PROBE: Probe = Probe;
    }

    /// Every preset, and a preset with a workshop's edits, fits in a link
    /// well under the cap (the platform preset is over 8,000 characters as
    /// a version-1 link), and decodes to the same scenario.
    #[test]
    fn edited_presets_travel_as_changes_to_the_preset() {
        for preset in crate::scenario::presets() {
            let whole: Value = serde_json::from_str(preset.json).unwrap();
            let fragment = encode(preset.json).unwrap();
            assert!(fragment.len() < 200, "{}: {}", preset.id, fragment.len());
            let back: Value = serde_json::from_str(&decode(&fragment).unwrap()).unwrap();
            assert_eq!(back, whole, "{}", preset.id);

            let mut edited = whole.clone();
            edited["units"][0]["headcount"] = json!(17);
            edited["units"].as_array_mut().unwrap().pop();
            edited["name"]["en"] = json!("a/b ~ c");
            edited["assumptions"][0]["covers"] = json!(["units[x/y~z]"]);
            edited.as_object_mut().unwrap().remove("description");
            edited["fixed_costs"] = json!([{"name": "new", "per_month": 1}]);
            let text = serde_json::to_string_pretty(&edited).unwrap();
            let fragment = encode(&text).unwrap();
            assert!(fragment.starts_with("s=2."), "{fragment}");
            assert!(fragment.len() < 4000, "{}: {}", preset.id, fragment.len());
            assert_eq!(decode(&fragment).unwrap(), text, "{}", preset.id);
        }
        // Not a preset at all: the whole scenario travels, as before.
        assert!(encode(SCENARIO).unwrap().starts_with("s=1."));
    }

    #[test]
    fn a_preset_link_that_does_not_fit_is_refused() {
        let link = |id: &str, patch: &str| {
            let compressed = miniz_oxide::deflate::compress_to_vec_zlib(patch.as_bytes(), 10);
            format!("s=2.{id}.{}", URL_SAFE_NO_PAD.encode(compressed))
        };
        let id = crate::scenario::presets()[0].id;
        assert_eq!(
            decode(&link("no_such_preset", "[]")),
            Err(ShareError::UnknownPreset {
                id: "no_such_preset".into()
            })
        );
        for patch in [
            "{}",
            "not json",
            r#"[{"op": "replace", "path": "/nowhere/deep", "value": 1}]"#,
            r#"[{"op": "remove", "path": "/no_such_field"}]"#,
            r#"[{"op": "add", "path": "/units/x", "value": 1}]"#,
            r#"[{"op": "move", "path": "/name", "from": "/id"}]"#,
            r#"[{"op": "replace", "path": "/name"}]"#,
        ] {
            assert_eq!(
                decode(&link(id, patch)),
                Err(ShareError::BadPatch),
                "{patch}"
            );
        }
        assert_eq!(decode(&format!("s=2.{id}")), Err(ShareError::Malformed));
    }
}
