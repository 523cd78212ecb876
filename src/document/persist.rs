//! The workspace as kept in browser storage, shared by every open tab.
//!
//! One record per scenario (`orgflow.v1.scenario.<id>`) plus a small
//! record for the rest (`orgflow.v1.workspace.meta`: the order of the
//! list, the selection, run settings, the comparison). A save writes only
//! what changed, so a tab that changes the seed never rewrites, and never
//! drops, a scenario another tab added; and one scenario too large for the
//! storage that is left cannot take the others with it.
//!
//! Each record carries a revision and the fingerprint of the version it
//! was edited from (its parent). A tab remembers, per scenario, the version
//! it last wrote or adopted (its base). Another tab's save arrives as a
//! `storage` event and is adopted live when it was made on top of this
//! tab's base; when both tabs changed the same scenario from the same base,
//! both versions are kept (this tab's as a marked copy) and the user is told.
//! Nothing here touches the browser: [`Store`] is the storage, so the rules
//! are tested natively.
//!
//! Sizes are counted as the browser counts them: UTF-16 code units of every
//! key and value, 5 Mi units per origin (measured in Chromium: a value of
//! 5 242 879 units under a one-character key is the largest accepted,
//! Chinese or ASCII alike). A record is read whatever its size —
//! anything the storage accepted fits in memory — so what was saved can
//! always be read back.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::document::workspace::{self, RestoreError, RunSettings, ScenarioDoc, Workspace};
use crate::i18n::{Lang, Text};

/// Every key the app writes starts with this, so it never collides with
/// other apps on the same origin (GitHub Pages serves many from one host).
pub const NAMESPACE: &str = "orgflow.v1.";
pub use super::quota::{QUOTA_UNITS, units};
/// From this share of the quota on, the app warns that storage is filling.
pub const WARN_PERCENT: usize = 80;
/// The record format written by this version.
const RECORD_SCHEMA: u32 = 2;
/// How many copies of unreadable saved work are kept aside at most.
const MAX_KEPT_ASIDE: usize = 50;

/// Keys, without [`NAMESPACE`].
pub mod keys {
    /// The whole workspace in one value, as versions before per-scenario
    /// records wrote it; read once and migrated.
    pub const LEGACY: &str = "workspace";
    /// Order, selection, run settings and comparison.
    pub const META: &str = "workspace.meta";
    /// Followed by the scenario id.
    pub const RECORD_PREFIX: &str = "scenario.";
    /// Where unreadable saved work is moved (then `.2`, `.3`, …), never
    /// overwritten.
    pub const UNREADABLE: &str = "workspace.unreadable";
}

/// The browser's key-value storage, or a fake in tests. Keys are full keys
/// (with the namespace); writes report failure (full, blocked).
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&mut self, key: &str, value: &str) -> bool;
    fn remove(&mut self, key: &str);
    /// Every key of the origin, ours and other apps'.
    fn keys(&self) -> Vec<String>;
}

fn full(key: &str) -> String {
    format!("{NAMESPACE}{key}")
}

fn record_key(id: &str) -> String {
    full(&format!("{}{id}", keys::RECORD_PREFIX))
}

/// The id a full key names, if it is a scenario record's.
pub fn record_id(full_key: &str) -> Option<&str> {
    full_key
        .strip_prefix(NAMESPACE)?
        .strip_prefix(keys::RECORD_PREFIX)
        .filter(|id| !id.is_empty())
}

/// Whether a full key is the meta record's.
pub fn is_meta_key(full_key: &str) -> bool {
    full_key.strip_prefix(NAMESPACE) == Some(keys::META)
}

/// A 64-bit FNV-1a fingerprint of a scenario version (text and preset): equal
/// versions have equal fingerprints, so tabs compare versions without
/// keeping both texts.
fn fingerprint(doc: &ScenarioDoc) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let preset = doc.preset.as_deref().unwrap_or_default();
    for byte in doc
        .json
        .bytes()
        .chain([0u8])
        .chain(preset.bytes())
        .chain([u8::from(doc.preset.is_some())])
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The first line of a record; the scenario text follows verbatim after a
/// newline (no escaping, so a record costs what its text costs).
#[derive(Serialize, Deserialize)]
struct Header {
    schema: u32,
    id: String,
    rev: u64,
    /// Fingerprint (hex) of the version this one was edited from; empty
    /// for a new scenario.
    #[serde(default)]
    parent: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    preset: Option<String>,
}

/// One stored scenario version.
#[derive(Clone, Debug, PartialEq)]
struct Record {
    doc: ScenarioDoc,
    rev: u64,
    parent: Option<u64>,
}

fn encode_record(doc: &ScenarioDoc, rev: u64, parent: Option<u64>) -> String {
    let header = Header {
        schema: RECORD_SCHEMA,
        id: doc.id.clone(),
        rev,
        parent: parent.map(|p| format!("{p:016x}")).unwrap_or_default(),
        preset: doc.preset.clone(),
    };
    let header = serde_json::to_string(&header).unwrap_or_default();
    format!("{header}\n{}", doc.json)
}

fn decode_record(text: &str) -> Result<Record, String> {
    let (header, json) = text
        .split_once('\n')
        .ok_or_else(|| "no header line".to_string())?;
    let header: Header = serde_json::from_str(header).map_err(|e| e.to_string())?;
    if header.schema > RECORD_SCHEMA {
        return Err(format!("record schema {}", header.schema));
    }
    Ok(Record {
        doc: ScenarioDoc {
            id: header.id,
            json: json.to_string(),
            preset: header.preset,
        },
        rev: header.rev,
        parent: u64::from_str_radix(&header.parent, 16).ok(),
    })
}

/// Order, selection, settings and comparison, as stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Meta {
    schema: u32,
    order: Vec<String>,
    #[serde(default)]
    selected: Option<String>,
    #[serde(default)]
    settings: RunSettings,
    #[serde(default)]
    compare: Vec<String>,
    #[serde(default)]
    next_id: u32,
}

impl Meta {
    fn of(workspace: &Workspace) -> Meta {
        Meta {
            schema: RECORD_SCHEMA,
            order: workspace.scenarios.iter().map(|d| d.id.clone()).collect(),
            selected: workspace.selected.clone(),
            settings: workspace.settings.clone(),
            compare: workspace.compare.clone(),
            next_id: workspace.next_id,
        }
    }
}

/// The version of a scenario this tab and storage last agreed on.
#[derive(Clone, Debug, PartialEq)]
struct Base {
    rev: u64,
    hash: u64,
    /// This tab wrote it (rather than adopting another tab's).
    ours: bool,
    units: usize,
}

/// What this tab knows storage holds: the bookkeeping behind every save and
/// every merge of another tab's save.
#[derive(Clone, Debug)]
pub struct Synced {
    docs: BTreeMap<String, Base>,
    /// The meta record as last written or adopted (`None`: never).
    meta: Option<Meta>,
    meta_units: usize,
    /// Units used by every key that is not one of our records or the meta
    /// record (settings, copies kept aside, other apps), measured at start.
    other_units: usize,
    /// Ids whose stored record could not be read: never written over.
    blocked: BTreeSet<String>,
    /// The workspace as of the last save or merge.
    latest: Workspace,
}

impl Synced {
    /// Storage in use, in UTF-16 units, as far as this tab knows.
    pub fn used_units(&self) -> usize {
        self.other_units + self.meta_units + self.docs.values().map(|b| b.units).sum::<usize>()
    }

    /// Storage in use, in percent of [`QUOTA_UNITS`].
    pub fn used_percent(&self) -> usize {
        self.used_units() * 100 / QUOTA_UNITS
    }
}

/// Something found on start that the user must hear about.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The saved workspace (one value, older versions) could not be read;
    /// `kept` is the key it is now under (`None`: left where it was).
    Workspace {
        error: RestoreError,
        kept: Option<String>,
    },
    /// A scenario record could not be read; it is left untouched.
    Scenario { key: String, reason: String },
    /// Moving to per-scenario records did not fit in storage: the saved
    /// workspace is left as it was, and work continues in memory.
    MigrationDidNotFit,
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Problem::Workspace { error, kept } => {
                let kept = match kept {
                    Some(key) => format!("{} {key}.", lang.text(Text::KeptAsideAs)),
                    None => format!("{} {}.", lang.text(Text::LeftInPlace), full(keys::LEGACY)),
                };
                format!(
                    "{} {kept} {}",
                    error.message(lang),
                    lang.text(Text::StartedFromPresets)
                )
            }
            Problem::Scenario { key, reason } => format!(
                "{} ({reason}) {} {key}.",
                lang.text(Text::SavedScenarioUnreadable),
                lang.text(Text::LeftInPlace)
            ),
            Problem::MigrationDidNotFit => lang.text(Text::MigrationDidNotFit).to_string(),
        }
    }
}

/// What [`load`] found.
pub struct Loaded {
    pub workspace: Workspace,
    pub synced: Synced,
    pub problems: Vec<Problem>,
}

fn numeric_id(id: &str) -> u32 {
    id.trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(0)
}

fn other_units(store: &dyn Store) -> usize {
    store
        .keys()
        .into_iter()
        .filter(|k| record_id(k).is_none() && !is_meta_key(k))
        .map(|k| units(&k) + store.get(&k).map(|v| units(&v)).unwrap_or(0))
        .sum()
}

/// Moves `text` to the first free "kept aside" key; `None` when storage
/// has no room for the copy.
fn keep_aside(store: &mut dyn Store, text: &str) -> Option<String> {
    let free = (1..=MAX_KEPT_ASIDE)
        .map(|n| match n {
            1 => full(keys::UNREADABLE),
            n => format!("{}.{n}", full(keys::UNREADABLE)),
        })
        .find(|key| store.get(key).is_none())?;
    store.set(&free, text).then_some(free)
}

fn empty_synced(workspace: &Workspace) -> Synced {
    Synced {
        docs: BTreeMap::new(),
        meta: None,
        meta_units: 0,
        other_units: 0,
        blocked: BTreeSet::new(),
        latest: workspace.clone(),
    }
}

/// Reads the saved workspace: per-scenario records, or the single value
/// older versions wrote (migrated to records, or left as it was when the
/// records do not fit). Unreadable saved work is never overwritten.
pub fn load(store: &mut dyn Store) -> Loaded {
    let meta_text = store.get(&full(keys::META));
    let legacy = store.get(&full(keys::LEGACY));
    let mut problems = Vec::new();
    let (workspace, mut synced) = match (meta_text, legacy) {
        (Some(meta_text), _) => load_records(store, &meta_text, &mut problems),
        (None, Some(text)) => match Workspace::restore(&text) {
            Ok(workspace) => {
                let mut synced = empty_synced(&workspace);
                if !migrate(store, &text, &workspace, &mut synced) {
                    problems.push(Problem::MigrationDidNotFit);
                }
                (workspace, synced)
            }
            Err(error) => {
                // The unreadable value stays where it is when there is no
                // room for a copy: no later save writes that key.
                let kept = keep_aside(store, &text);
                if kept.is_some() {
                    store.remove(&full(keys::LEGACY));
                }
                problems.push(Problem::Workspace { error, kept });
                let workspace = Workspace::from_presets();
                let synced = empty_synced(&workspace);
                (workspace, synced)
            }
        },
        (None, None) => {
            let workspace = Workspace::from_presets();
            let synced = empty_synced(&workspace);
            (workspace, synced)
        }
    };
    synced.other_units = other_units(store);
    Loaded {
        workspace,
        synced,
        problems,
    }
}

fn load_records(
    store: &mut dyn Store,
    meta_text: &str,
    problems: &mut Vec<Problem>,
) -> (Workspace, Synced) {
    let meta: Option<Meta> = serde_json::from_str(meta_text).ok();
    let mut docs = BTreeMap::new();
    let mut blocked = BTreeSet::new();
    let mut records = Vec::new();
    for key in store.keys() {
        let Some(id) = record_id(&key).map(str::to_string) else {
            continue;
        };
        let Some(text) = store.get(&key) else {
            continue;
        };
        match decode_record(&text) {
            Ok(record) if record.doc.id == id => {
                docs.insert(
                    id,
                    Base {
                        rev: record.rev,
                        hash: fingerprint(&record.doc),
                        ours: false,
                        units: units(&key) + units(&text),
                    },
                );
                records.push(record.doc);
            }
            Ok(_) => {
                problems.push(Problem::Scenario {
                    key,
                    reason: "id".into(),
                });
                blocked.insert(id);
            }
            Err(reason) => {
                problems.push(Problem::Scenario { key, reason });
                blocked.insert(id);
            }
        }
    }
    let meta = meta.unwrap_or_else(|| {
        // The scenarios are what matters; a damaged meta record only loses
        // the order and settings. Keep it aside all the same.
        keep_aside(store, meta_text);
        Meta::default()
    });
    let position = |id: &str| {
        meta.order
            .iter()
            .position(|o| o == id)
            .unwrap_or(usize::MAX)
    };
    records.sort_by_key(|d| (position(&d.id), numeric_id(&d.id), d.id.clone()));
    let highest = records
        .iter()
        .map(|d| numeric_id(&d.id))
        .chain(blocked.iter().map(|id| numeric_id(id)))
        .max()
        .unwrap_or(0);
    let mut workspace = Workspace {
        schema: workspace::SCHEMA,
        scenarios: records,
        selected: meta.selected.clone(),
        settings: meta.settings.clone(),
        compare: meta.compare.clone(),
        next_id: meta.next_id.max(highest),
    };
    workspace.repair();
    let synced = Synced {
        docs,
        meta_units: units(&full(keys::META)) + units(meta_text),
        meta: Some(meta),
        other_units: 0,
        blocked,
        latest: workspace.clone(),
    };
    (workspace, synced)
}

/// Rewrites the single saved value as records. Storage may not hold both
/// at once, so the old value goes first and comes back if the records do
/// not fit (it fitted before, so it fits again).
fn migrate(
    store: &mut dyn Store,
    legacy: &str,
    workspace: &Workspace,
    synced: &mut Synced,
) -> bool {
    store.remove(&full(keys::LEGACY));
    let mut written = Vec::new();
    let mut fits = true;
    for doc in &workspace.scenarios {
        let key = record_key(&doc.id);
        let text = encode_record(doc, 1, None);
        if !store.set(&key, &text) {
            fits = false;
            break;
        }
        written.push((doc.id.clone(), units(&key) + units(&text), fingerprint(doc)));
    }
    let meta = Meta::of(workspace);
    let meta_text = serde_json::to_string(&meta).unwrap_or_default();
    if fits && store.set(&full(keys::META), &meta_text) {
        for (id, units, hash) in written {
            synced.docs.insert(
                id,
                Base {
                    rev: 1,
                    hash,
                    ours: true,
                    units,
                },
            );
        }
        synced.meta_units = units(&full(keys::META)) + units(&meta_text);
        synced.meta = Some(meta);
        return true;
    }
    for (id, _, _) in written {
        store.remove(&record_key(&id));
    }
    store.remove(&full(keys::META));
    store.set(&full(keys::LEGACY), legacy);
    false
}

/// Changes to bring into a tab's workspace (and its undo history) after
/// another tab's save, or after a save found another tab's version.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Merge {
    /// Scenarios to add or replace with the stored version.
    pub upserts: Vec<ScenarioDoc>,
    /// Scenarios another tab deleted.
    pub removals: Vec<String>,
    /// This tab's versions kept as new scenarios (already stored).
    pub copies: Vec<ScenarioDoc>,
    /// Names of scenarios both tabs changed (for the message).
    pub conflicts: Vec<String>,
    /// Run settings another tab chose.
    pub settings: Option<RunSettings>,
}

impl Merge {
    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty()
            && self.removals.is_empty()
            && self.copies.is_empty()
            && self.settings.is_none()
    }

    /// Applies the merge to `workspace`. With `follow`, a selection whose
    /// scenario was kept as a copy moves to the copy (the tab's user goes on
    /// seeing their own version); history snapshots do not follow.
    pub fn apply(&self, workspace: &mut Workspace, follow: bool) {
        for doc in &self.upserts {
            match workspace.scenarios.iter_mut().find(|d| d.id == doc.id) {
                Some(existing) => *existing = doc.clone(),
                None => workspace.scenarios.push(doc.clone()),
            }
        }
        for id in &self.removals {
            workspace.delete(id);
        }
        for copy in &self.copies {
            if workspace.get(&copy.id).is_none() {
                workspace.scenarios.push(copy.clone());
            }
        }
        if follow
            && let [copy] = self.copies.as_slice()
            && self
                .upserts
                .iter()
                .any(|d| Some(&d.id) == workspace.selected.as_ref())
        {
            workspace.selected = Some(copy.id.clone());
        }
        if let Some(settings) = &self.settings {
            workspace.settings = settings.clone();
        }
        let highest = workspace
            .scenarios
            .iter()
            .map(|d| numeric_id(&d.id))
            .max()
            .unwrap_or(0);
        workspace.next_id = workspace.next_id.max(highest);
        if workspace.selected.is_none() {
            workspace.selected = workspace.scenarios.first().map(|d| d.id.clone());
        }
    }

    /// The message for the user: which scenarios were changed in two tabs
    /// and are now kept twice.
    pub fn conflict_message(&self, lang: Lang) -> Option<String> {
        (!self.conflicts.is_empty()).then(|| {
            format!(
                "{} {}",
                lang.text(Text::ChangedInTwoTabs),
                self.conflicts
                    .iter()
                    .map(|n| format!("“{n}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }
}

/// The result of a save.
#[derive(Clone, Debug, Default)]
pub struct SaveReport {
    /// Another tab's versions found while saving, to bring into the state.
    pub merge: Merge,
    /// Some change could not be written (storage full or blocked).
    pub failed: bool,
    /// Storage in use afterwards, in percent of [`QUOTA_UNITS`].
    pub used_percent: usize,
}

fn fresh_id(store: &dyn Store, synced: &Synced, workspace: &Workspace) -> String {
    let taken: BTreeSet<String> = workspace
        .scenarios
        .iter()
        .map(|d| d.id.clone())
        .chain(synced.docs.keys().cloned())
        .chain(synced.blocked.iter().cloned())
        .collect();
    let mut n = taken
        .iter()
        .map(|id| numeric_id(id))
        .max()
        .unwrap_or(0)
        .max(workspace.next_id);
    loop {
        n += 1;
        let id = format!("s{n}");
        if !taken.contains(&id) && store.get(&record_key(&id)).is_none() {
            return id;
        }
    }
}

/// Marks a scenario's names as this tab's version of a conflict.
fn mark_conflict(json: &str) -> String {
    workspace::edit_json(json, |value| {
        for (lang, suffix) in [("en", " (other version)"), ("zh", "（另一版本）")] {
            if let Some(name) = value["name"][lang].as_str() {
                value["name"][lang] = serde_json::Value::String(format!("{name}{suffix}"));
            }
        }
    })
    .unwrap_or_else(|| json.to_string())
}

/// Writes `doc` as the version after `base` (or as new); records the new
/// base. Returns whether the write succeeded.
fn write_doc(
    store: &mut dyn Store,
    synced: &mut Synced,
    doc: &ScenarioDoc,
    after: Option<&Base>,
) -> bool {
    let key = record_key(&doc.id);
    let rev = after.map(|b| b.rev + 1).unwrap_or(1);
    let text = encode_record(doc, rev, after.map(|b| b.hash));
    if !store.set(&key, &text) {
        return false;
    }
    synced.docs.insert(
        doc.id.clone(),
        Base {
            rev,
            hash: fingerprint(doc),
            ours: true,
            units: units(&key) + units(&text),
        },
    );
    true
}

fn adopt(synced: &mut Synced, record: &Record) {
    let key = record_key(&record.doc.id);
    let text_units = units(&encode_record(&record.doc, record.rev, record.parent));
    synced.docs.insert(
        record.doc.id.clone(),
        Base {
            rev: record.rev,
            hash: fingerprint(&record.doc),
            ours: false,
            units: units(&key) + text_units,
        },
    );
}

/// Keeps both versions of a scenario: `theirs` (what storage holds) under
/// its id, `ours` as a new scenario, written at once. `conflict`: both were
/// edits of one scenario (rather than two new scenarios given one id).
fn keep_both(
    store: &mut dyn Store,
    synced: &mut Synced,
    workspace: &Workspace,
    ours: &ScenarioDoc,
    theirs: &Record,
    conflict: bool,
    merge: &mut Merge,
) -> bool {
    let mut copy = ours.clone();
    copy.id = fresh_id(store, synced, workspace);
    if conflict {
        copy.json = mark_conflict(&copy.json);
        merge.conflicts.push(theirs.doc.name(Lang::En));
    }
    let written = write_doc(store, synced, &copy, None);
    adopt(synced, theirs);
    merge.upserts.push(theirs.doc.clone());
    merge.copies.push(copy);
    written
}

fn stored_record(store: &dyn Store, id: &str) -> Option<Result<Record, String>> {
    store.get(&record_key(id)).map(|text| decode_record(&text))
}

/// Writes what changed in `workspace` since the last save: changed and new
/// scenarios, deletions, and the meta record. A scenario another tab saved
/// meanwhile is never written over: both versions are kept.
pub fn save(store: &mut dyn Store, synced: &mut Synced, workspace: &Workspace) -> SaveReport {
    let mut merge = Merge::default();
    let mut failed = false;
    for doc in &workspace.scenarios {
        let hash = fingerprint(doc);
        let base = synced.docs.get(&doc.id).cloned();
        if base.as_ref().is_some_and(|b| b.hash == hash) {
            continue;
        }
        let written = match stored_record(store, &doc.id) {
            // Storage holds what we last saw (or another tab deleted the
            // scenario this tab is changing: ours comes back).
            None => write_doc(store, synced, doc, base.as_ref()),
            Some(Ok(stored)) if Some(fingerprint(&stored.doc)) == base.as_ref().map(|b| b.hash) => {
                write_doc(store, synced, doc, base.as_ref())
            }
            Some(Ok(stored)) if fingerprint(&stored.doc) == hash => {
                adopt(synced, &stored);
                true
            }
            Some(Ok(stored)) => {
                let conflict = base.is_some();
                keep_both(store, synced, workspace, doc, &stored, conflict, &mut merge)
            }
            // Never write over a record that cannot be read.
            Some(Err(_)) => {
                synced.blocked.insert(doc.id.clone());
                let mut copy = doc.clone();
                copy.id = fresh_id(store, synced, workspace);
                let written = write_doc(store, synced, &copy, None);
                merge.removals.push(doc.id.clone());
                merge.copies.push(copy);
                written
            }
        };
        failed |= !written;
    }
    let gone: Vec<(String, Base)> = synced
        .docs
        .iter()
        .filter(|(id, _)| workspace.get(id).is_none() && !merge.copies.iter().any(|c| &c.id == *id))
        .map(|(id, b)| (id.clone(), b.clone()))
        .collect();
    for (id, base) in gone {
        match stored_record(store, &id) {
            Some(Ok(stored)) if fingerprint(&stored.doc) != base.hash => {
                // Changed in another tab after this one last saw it: keep it.
                adopt(synced, &stored);
                merge.upserts.push(stored.doc);
            }
            _ => {
                store.remove(&record_key(&id));
                synced.docs.remove(&id);
            }
        }
    }
    let mut next = workspace.clone();
    merge.apply(&mut next, true);
    let meta = Meta::of(&next);
    let changed = match &synced.meta {
        None => true,
        Some(old) => {
            old.order != meta.order
                || old.selected != meta.selected
                || old.settings != meta.settings
                || old.compare != meta.compare
        }
    };
    if changed {
        let text = serde_json::to_string(&meta).unwrap_or_default();
        if store.set(&full(keys::META), &text) {
            synced.meta_units = units(&full(keys::META)) + units(&text);
            synced.meta = Some(meta);
        } else {
            failed = true;
        }
    }
    synced.latest = next;
    SaveReport {
        merge,
        failed,
        used_percent: synced.used_percent(),
    }
}

/// Brings another tab's save of `full_key` into this tab. `written` is the
/// value that tab wrote (the `storage` event's `newValue`). Returns the
/// changes for the state, if any.
pub fn merge_remote(
    store: &mut dyn Store,
    synced: &mut Synced,
    full_key: &str,
    written: Option<&str>,
) -> Merge {
    let mut merge = Merge::default();
    if is_meta_key(full_key) {
        if let Some(remote) = written.and_then(|t| serde_json::from_str::<Meta>(t).ok()) {
            if remote.settings != synced.latest.settings {
                merge.settings = Some(remote.settings.clone());
            }
            if let Some(meta) = synced.meta.as_mut() {
                meta.settings = remote.settings;
            }
        }
        merge.apply(&mut synced.latest, false);
        return merge;
    }
    let Some(id) = record_id(full_key).map(str::to_string) else {
        return merge;
    };
    let base = synced.docs.get(&id).cloned();
    let current = stored_record(store, &id);
    let in_step = match (&current, &base) {
        (Some(Ok(stored)), Some(base)) => fingerprint(&stored.doc) == base.hash,
        (None, None) => true,
        _ => false,
    };
    // This tab wrote after that event's write: it is the one in storage.
    if in_step {
        return merge;
    }
    let incoming = match written.map(decode_record) {
        Some(Ok(record)) if record.doc.id == id => Some(record),
        Some(_) => return merge,
        None => match current {
            Some(Ok(record)) => Some(record),
            _ => None,
        },
    };
    let local = synced.latest.get(&id).cloned();
    match (incoming, base, local) {
        (None, None, _) => {}
        (None, Some(_), None) => {
            synced.docs.remove(&id);
        }
        (None, Some(base), Some(local)) => {
            synced.docs.remove(&id);
            if fingerprint(&local) == base.hash {
                merge.removals.push(id);
            } else {
                // Deleted there while changed here: keep this tab's.
                write_doc(store, synced, &local, None);
            }
        }
        (Some(record), _, None) => {
            adopt(synced, &record);
            merge.upserts.push(record.doc);
        }
        (Some(record), None, Some(local)) => {
            if fingerprint(&local) == fingerprint(&record.doc) {
                adopt(synced, &record);
            } else {
                let latest = synced.latest.clone();
                keep_both(store, synced, &latest, &local, &record, false, &mut merge);
            }
        }
        (Some(record), Some(base), Some(local)) => {
            let local_hash = fingerprint(&local);
            let descends = record.parent == Some(base.hash);
            if local_hash == fingerprint(&record.doc) {
                adopt(synced, &record);
            } else if local_hash == base.hash && (descends || !base.ours) {
                adopt(synced, &record);
                merge.upserts.push(record.doc);
            } else {
                let latest = synced.latest.clone();
                keep_both(store, synced, &latest, &local, &record, true, &mut merge);
            }
        }
    }
    merge.apply(&mut synced.latest, false);
    merge
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::rc::Rc;

    /// One origin's storage, shared by the tabs of a test, with the quota.
    #[derive(Clone, Default)]
    struct Origin(Rc<RefCell<BTreeMap<String, String>>>);

    impl Store for Origin {
        fn get(&self, key: &str) -> Option<String> {
            self.0.borrow().get(key).cloned()
        }
        fn set(&mut self, key: &str, value: &str) -> bool {
            let mut map = self.0.borrow_mut();
            let others: usize = map
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| units(k) + units(v))
                .sum();
            if others + units(key) + units(value) > QUOTA_UNITS {
                return false;
            }
            map.insert(key.to_string(), value.to_string());
            true
        }
        fn remove(&mut self, key: &str) {
            self.0.borrow_mut().remove(key);
        }
        fn keys(&self) -> Vec<String> {
            self.0.borrow().keys().cloned().collect()
        }
    }

    /// A tab: its workspace, its bookkeeping, and the events it has not
    /// handled yet.
    struct Tab {
        store: Origin,
        workspace: Workspace,
        synced: Synced,
        merged: Vec<Merge>,
    }

    impl Tab {
        fn open(store: &Origin) -> Tab {
            let mut store = store.clone();
            let loaded = load(&mut store);
            assert_eq!(loaded.problems, vec![]);
            Tab {
                store,
                workspace: loaded.workspace,
                synced: loaded.synced,
                merged: Vec::new(),
            }
        }

        fn change(&mut self, edit: impl FnOnce(&mut Workspace)) -> SaveReport {
            edit(&mut self.workspace);
            let report = save(&mut self.store, &mut self.synced, &self.workspace);
            report.merge.apply(&mut self.workspace, true);
            report
        }

        /// Delivers `storage` events for keys whose value differs from
        /// `before` (a snapshot of the origin), as the browser does.
        fn hear(&mut self, before: &BTreeMap<String, String>) {
            let now = self.store.0.borrow().clone();
            let keys: BTreeSet<&String> = before.keys().chain(now.keys()).collect();
            for key in keys {
                if before.get(key) != now.get(key) {
                    let merge = merge_remote(
                        &mut self.store,
                        &mut self.synced,
                        key,
                        now.get(key).map(String::as_str),
                    );
                    merge.apply(&mut self.workspace, true);
                    self.merged.push(merge);
                }
            }
        }

        fn names(&self) -> Vec<String> {
            self.workspace
                .scenarios
                .iter()
                .map(|d| d.name(Lang::En))
                .collect()
        }
    }

    fn snapshot(store: &Origin) -> BTreeMap<String, String> {
        store.0.borrow().clone()
    }

    fn first_id(tab: &Tab) -> String {
        tab.workspace.scenarios[0].id.clone()
    }

    #[test]
    fn a_scenario_added_in_one_tab_survives_a_seed_change_in_the_other() {
        let origin = Origin::default();
        let mut a = Tab::open(&origin);
        a.change(|_| {});
        let mut b = Tab::open(&origin);
        let before = snapshot(&origin);
        b.change(|ws| {
            ws.add(workspace::blank_scenario_json(), None);
        });
        // Tab A changes the seed before hearing of B's save.
        a.change(|ws| ws.settings.seed = 7);
        a.hear(&before);
        let reloaded = Tab::open(&origin);
        assert_eq!(reloaded.workspace.scenarios.len(), 6);
        assert_eq!(reloaded.workspace.settings.seed, 7);
        assert!(
            a.names().contains(&"New scenario".to_string()),
            "shown live"
        );
    }

    #[test]
    fn renames_of_two_scenarios_in_two_tabs_are_both_kept() {
        let origin = Origin::default();
        let mut a = Tab::open(&origin);
        a.change(|_| {});
        let mut b = Tab::open(&origin);
        let (one, two) = (
            a.workspace.scenarios[0].id.clone(),
            a.workspace.scenarios[1].id.clone(),
        );
        let before = snapshot(&origin);
        a.change(|ws| ws.rename(&one, Lang::En, "A's name"));
        let between = snapshot(&origin);
        b.change(|ws| ws.rename(&two, Lang::En, "B's name"));
        a.hear(&between);
        b.hear(&before);
        for tab in [&a, &b, &Tab::open(&origin)] {
            let names = tab.names();
            assert_eq!(names[0], "A's name");
            assert_eq!(names[1], "B's name");
            assert_eq!(names.len(), 5);
        }
    }

    #[test]
    fn the_same_scenario_changed_in_two_tabs_keeps_both_versions_and_says_so() {
        let origin = Origin::default();
        let mut a = Tab::open(&origin);
        a.change(|_| {});
        let mut b = Tab::open(&origin);
        let id = first_id(&a);
        let before = snapshot(&origin);
        a.change(|ws| ws.rename(&id, Lang::En, "A's"));
        // B changes the same scenario before A's save reached it.
        let report = b.change(|ws| ws.rename(&id, Lang::En, "B's"));
        assert_eq!(report.merge.conflicts.len(), 1);
        assert!(
            report
                .merge
                .conflict_message(Lang::En)
                .is_some_and(|m| m.contains("“A's”"))
        );
        a.hear(&before);
        let reloaded = Tab::open(&origin);
        let names = reloaded.names();
        assert!(names.contains(&"A's".to_string()), "{names:?}");
        assert!(
            names.contains(&"B's (other version)".to_string()),
            "{names:?}"
        );
        assert_eq!(names.len(), 6);
        assert_eq!(a.names(), names, "A shows B's copy live");
        assert_eq!(b.names(), names);
    }

    #[test]
    fn a_write_that_lands_on_top_unaware_is_caught_by_the_event_and_both_are_kept() {
        let origin = Origin::default();
        let mut a = Tab::open(&origin);
        a.change(|_| {});
        let mut b = Tab::open(&origin);
        let id = first_id(&a);
        let key = record_key(&id);
        let before = snapshot(&origin);
        a.change(|ws| ws.rename(&id, Lang::En, "A's"));
        let a_wrote = snapshot(&origin);
        // B read the record before A's write reached it, and writes on top.
        origin
            .0
            .borrow_mut()
            .insert(key.clone(), before[&key].clone());
        b.change(|ws| ws.rename(&id, Lang::En, "B's"));
        a.hear(&a_wrote);
        b.hear(&before);
        let names = Tab::open(&origin).names();
        assert!(names.contains(&"B's".to_string()), "{names:?}");
        assert!(
            names.contains(&"A's (other version)".to_string()),
            "{names:?}"
        );
        assert_eq!(names.len(), 6);
        assert_eq!(a.names(), names);
        assert_eq!(b.names(), names);
        assert!(
            a.merged
                .iter()
                .any(|m| m.conflict_message(Lang::Zh).is_some())
        );
    }

    #[test]
    fn a_delete_in_one_tab_is_shown_in_the_other() {
        let origin = Origin::default();
        let mut a = Tab::open(&origin);
        a.change(|_| {});
        let mut b = Tab::open(&origin);
        let id = first_id(&a);
        let before = snapshot(&origin);
        a.change(|ws| ws.delete(&id));
        b.hear(&before);
        assert_eq!(b.workspace.scenarios.len(), 4);
        assert!(b.workspace.get(&id).is_none());
    }

    #[test]
    fn one_oversize_scenario_cannot_take_the_others_with_it() {
        let origin = Origin::default();
        let mut a = Tab::open(&origin);
        a.change(|_| {});
        let big = format!(
            "{}{}",
            workspace::blank_scenario_json(),
            " ".repeat(2_100_000)
        );
        let first = a.change(|ws| {
            ws.add(big.clone(), None);
        });
        assert!(!first.failed);
        let second = a.change(|ws| {
            ws.add(big.clone(), None);
        });
        assert!(!second.failed);
        assert!(
            second.used_percent >= WARN_PERCENT,
            "{}",
            second.used_percent
        );
        let third = a.change(|ws| {
            ws.add(big.clone(), None);
        });
        assert!(third.failed, "the third does not fit");
        // A small change still saves.
        let id = first_id(&a);
        a.change(|ws| ws.rename(&id, Lang::En, "still saved"));
        let reloaded = Tab::open(&origin);
        assert_eq!(reloaded.workspace.scenarios.len(), 7);
        assert_eq!(reloaded.names()[0], "still saved");
    }

    #[test]
    fn what_fitted_in_storage_is_read_back_whatever_its_size_and_script() {
        let origin = Origin::default();
        let mut a = Tab::open(&origin);
        // 2.3 M Chinese characters: 6.9 MB of UTF-8, 2.3 M UTF-16 units.
        let chinese = workspace::blank_scenario_json().replace("新方案", &"方".repeat(2_300_000));
        let report = a.change(|ws| {
            ws.add(chinese.clone(), None);
        });
        assert!(!report.failed);
        let reloaded = Tab::open(&origin);
        assert_eq!(reloaded.workspace.scenarios.len(), 6);
        assert_eq!(reloaded.workspace.scenarios[5].json, chinese);
    }

    #[test]
    fn a_large_old_workspace_is_migrated_even_when_both_copies_do_not_fit() {
        let mut origin = Origin::default();
        let mut ws = Workspace::from_presets();
        let big = format!(
            "{}{}",
            workspace::blank_scenario_json(),
            " ".repeat(2_100_000)
        );
        ws.add(big.clone(), None);
        ws.add(big, None);
        let legacy = ws.to_json();
        assert!(legacy.len() > 4 * 1024 * 1024, "over the old read limit");
        assert!(origin.set(&full(keys::LEGACY), &legacy));
        let tab = Tab::open(&origin);
        assert_eq!(tab.workspace.scenarios.len(), 7);
        assert_eq!(origin.get(&full(keys::LEGACY)), None);
        assert_eq!(Tab::open(&origin).workspace.scenarios.len(), 7);
    }

    #[test]
    fn unreadable_saved_work_is_kept_aside_and_never_overwritten() {
        let mut origin = Origin::default();
        origin.set(&full(keys::LEGACY), "{\"schema\": 1, \"scenarios\": [");
        let mut store = origin.clone();
        let first = load(&mut store);
        assert!(matches!(
            first.problems.as_slice(),
            [Problem::Workspace { kept: Some(_), .. }]
        ));
        origin.set(&full(keys::LEGACY), "second corrupt");
        let second = load(&mut store);
        assert!(
            second.problems[0]
                .message(Lang::En)
                .contains(".unreadable.2")
        );
        assert_eq!(
            origin.get(&full(keys::UNREADABLE)).as_deref(),
            Some("{\"schema\": 1, \"scenarios\": [")
        );
        assert_eq!(
            origin
                .get(&format!("{}.2", full(keys::UNREADABLE)))
                .as_deref(),
            Some("second corrupt")
        );
        // A damaged scenario record is left where it is, and new scenarios
        // never take its id.
        let mut a = Tab::open(&origin);
        a.change(|_| {});
        origin.set(&record_key("s9"), "garbage");
        let mut store = origin.clone();
        let loaded = load(&mut store);
        assert!(matches!(
            loaded.problems.as_slice(),
            [Problem::Scenario { .. }]
        ));
        let mut synced = loaded.synced;
        let mut ws = loaded.workspace;
        for _ in 0..10 {
            ws.add(workspace::blank_scenario_json(), None);
        }
        assert!(!save(&mut store, &mut synced, &ws).failed);
        assert_eq!(origin.get(&record_key("s9")).as_deref(), Some("garbage"));
    }

    #[test]
    fn a_save_writes_only_what_changed() {
        let origin = Origin::default();
        let mut a = Tab::open(&origin);
        a.change(|_| {});
        let before = snapshot(&origin);
        a.change(|ws| ws.settings.seed = 99);
        let after = snapshot(&origin);
        let changed: Vec<&String> = after
            .keys()
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        assert_eq!(changed, vec![&full(keys::META)]);
    }

    #[test]
    fn records_round_trip_with_chinese_text_and_newlines() {
        let doc = ScenarioDoc {
            id: "s3".into(),
            json: "{\n \"name\": {\"zh\": \"前中后台\"}\n}".into(),
            preset: Some("p".into()),
        };
        let text = encode_record(&doc, 4, Some(17));
        let record = decode_record(&text).expect("readable");
        assert_eq!(record.doc, doc);
        assert_eq!((record.rev, record.parent), (4, Some(17)));
        assert!(decode_record("no header").is_err());
        assert!(decode_record("{\"schema\": 9, \"id\": \"x\", \"rev\": 1}\n{}").is_err());
        assert_eq!(units("前a😀"), 4);
    }
}
