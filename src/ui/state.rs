//! App state and its reducer: the only place state changes.
//!
//! The workspace (the user's scenarios, the selection, run settings) is
//! what autosave persists; undo / redo keep snapshots of the scenarios.
//! Run results are kept per scenario so presentation mode can step through
//! them.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::{Callback, Reducible, UseReducerHandle, hook, use_context};

use crate::analysis::explain::{DEFAULT_SAMPLES, Plan};
use crate::analysis::optimise::Search;
use crate::analysis::sensitivity::Plan as SensitivityPlan;
use crate::analysis::uncertainty::Plan as UncertaintyPlan;
use crate::document::persist::Merge;
use crate::document::run_inputs::RunInputs;
use crate::document::workshop_file::{self, SavedKind, SavedRun, SavedScenario, WorkshopFile};
use crate::document::workspace::{ScenarioDoc, Workspace};
use crate::i18n::{Lang, Text};
use crate::report::Kpi;
use crate::scenario;
use crate::scenario::path::FieldPath;
use crate::ui::workers::runner::{JobSpec, Snapshot, Target, Variant};

/// Colour theme; both are designed for projectors as well as screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// The value stored and set as `data-theme` on `<html>`.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_name(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// Label of the theme switch: names the theme it switches to.
    pub fn switch_label(self) -> Text {
        match self {
            Theme::Light => Text::ThemeDark,
            Theme::Dark => Text::ThemeLight,
        }
    }
}

/// Where the simulation workers stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkerStatus {
    Starting,
    Ready {
        version: String,
        ready: usize,
        of: usize,
    },
    Failed {
        reason: String,
    },
}

/// The three result views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Results,
    Compare,
    Sweep,
    Explain,
    Sensitivity,
    Fit,
    Optimise,
}

/// Which panel a narrow screen (a 1024 × 768 projector) shows: the editor
/// or the results. Wide screens show both side by side and ignore it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Editor,
    Results,
}

/// What the run area shows.
#[derive(Clone, PartialEq)]
pub enum RunStatus {
    Idle,
    Running {
        job: u32,
        kind: JobKind,
        inputs: Rc<RunInputs>,
    },
    Failed {
        reason: String,
    },
}

/// What a job is for: where its snapshots go.
#[derive(Clone, Debug, PartialEq)]
pub enum JobKind {
    /// One scenario, by id.
    Single(String),
    /// Two to four scenarios, by id, the first being the baseline.
    Compare(Vec<String>),
    /// One scenario at several values of one parameter.
    Sweep(SweepSpec),
    /// Why B differs from A: every coalition of input groups (see
    /// `analysis::explain`), each a variant of the job on the same seeds.
    Explain(ExplainSpec),
    /// How much each numeric input of one scenario matters: every input
    /// low and high (see `analysis::sensitivity`), each a variant of the
    /// job on the same seeds as the scenario itself (variant 0).
    Sensitivity(SensitivitySpec),
    /// How sure a KPI is given the scenario's uncertain inputs: the
    /// scenario at its most likely values (variant 0) and with each
    /// replication's own draws (variant 1), on the same seeds.
    Uncertainty(UncertaintySpec),
    /// The least-cost headcount meeting service targets: one job per batch
    /// of designs the search proposes (see `analysis::optimise`), each
    /// design a variant on the same seeds; the Optimise view feeds each
    /// finished batch back to the search and runs the next.
    Optimise(OptimiseSpec),
}

/// An optimisation of scenario `id`: targets as written (`KPI>=value`,
/// separated by `;`), the units to vary (comma-separated; empty for the
/// front office). The search is made when the run starts and carried by
/// every batch's job.
#[derive(Clone, Debug)]
pub struct OptimiseSpec {
    pub id: String,
    pub targets: String,
    pub vary: String,
    pub search: Option<Rc<std::cell::RefCell<Search>>>,
    /// The last job whose results the search has taken (each batch is
    /// fed back once).
    pub accepted: Rc<std::cell::Cell<u32>>,
}

impl PartialEq for OptimiseSpec {
    fn eq(&self, other: &Self) -> bool {
        (&self.id, &self.targets, &self.vary) == (&other.id, &other.targets, &other.vary)
            && same_plan(&self.search, &other.search)
    }
}

/// Two jobs' plans are the same when both are the one made for a run (a
/// plan is compared by identity: it is made once per run) or both absent.
fn same_plan<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => Rc::ptr_eq(x, y),
        (None, None) => true,
        _ => false,
    }
}

/// An uncertain-inputs run of scenario `id`. The plan (the ranges checked
/// against the scenario) is made when the run starts.
#[derive(Clone, Debug)]
pub struct UncertaintySpec {
    pub id: String,
    pub plan: Option<Rc<UncertaintyPlan>>,
}

impl PartialEq for UncertaintySpec {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && same_plan(&self.plan, &other.plan)
    }
}

/// A sensitivity run of scenario `id`: inputs at or beneath the paths of
/// `only` (comma-separated; every numeric input when empty), each
/// `range_percent` % down and up. The plan is made when the run starts.
#[derive(Clone, Debug)]
pub struct SensitivitySpec {
    pub id: String,
    pub range_percent: f64,
    pub only: String,
    pub plan: Option<Rc<SensitivityPlan>>,
}

impl PartialEq for SensitivitySpec {
    fn eq(&self, other: &Self) -> bool {
        (&self.id, self.range_percent, &self.only) == (&other.id, other.range_percent, &other.only)
            && same_plan(&self.plan, &other.plan)
    }
}

/// An explanation of B − A. The plan (groups, coalitions, their
/// scenarios) is made when the run starts, from the scenarios as they are
/// then, and kept with the results it explains.
#[derive(Clone, Debug)]
pub struct ExplainSpec {
    pub a: String,
    pub b: String,
    pub plan: Option<Rc<Plan>>,
}

/// Two specs are the same job when they explain the same pair with the
/// same plan (a plan is compared by identity: it is made once per run).
impl PartialEq for ExplainSpec {
    fn eq(&self, other: &Self) -> bool {
        self.a == other.a && self.b == other.b && same_plan(&self.plan, &other.plan)
    }
}

/// A sweep: `path` (a JSON pointer into the scenario) over `values`.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSpec {
    pub scenario: String,
    pub path: String,
    pub label: String,
    pub values: Vec<f64>,
}

/// A message for the user, shown until dismissed or replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

/// A finished or running job's latest snapshot and what it was.
#[derive(Clone)]
pub struct Outcome {
    pub kind: JobKind,
    pub snapshot: Rc<Snapshot>,
    /// What the results were computed from (see [`AppState::is_stale`]).
    pub inputs: Rc<RunInputs>,
}

impl PartialEq for Outcome {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && Rc::ptr_eq(&self.snapshot, &other.snapshot)
            && Rc::ptr_eq(&self.inputs, &other.inputs)
    }
}

impl JobKind {
    /// The scenarios a job of this kind runs, in run order.
    pub fn scenario_ids(&self) -> Vec<&str> {
        match self {
            JobKind::Single(id) => vec![id.as_str()],
            JobKind::Compare(ids) => ids.iter().map(String::as_str).collect(),
            JobKind::Sweep(spec) => vec![spec.scenario.as_str()],
            JobKind::Explain(spec) => vec![spec.a.as_str(), spec.b.as_str()],
            JobKind::Sensitivity(spec) => vec![spec.id.as_str()],
            JobKind::Uncertainty(spec) => vec![spec.id.as_str()],
            JobKind::Optimise(spec) => vec![spec.id.as_str()],
        }
    }
}

/// Everything the app shows, owned by one reducer.
#[derive(Clone, PartialEq)]
pub struct AppState {
    pub lang: Lang,
    pub theme: Theme,
    pub presenting: bool,
    pub worker: WorkerStatus,
    pub workspace: Workspace,
    /// Earlier workspaces (undo) and undone ones (redo).
    pub past: Vec<Workspace>,
    pub future: Vec<Workspace>,
    pub view: View,
    pub pane: Pane,
    pub run: RunStatus,
    /// Latest single-scenario result per scenario id.
    pub results: BTreeMap<String, Outcome>,
    pub comparison: Option<Outcome>,
    pub sweep: Option<Outcome>,
    pub explain: Option<Outcome>,
    pub sensitivity: Option<Outcome>,
    pub uncertainty: Option<Outcome>,
    pub optimise: Option<Outcome>,
    /// Batches the optimisation's search has taken: the search changes in
    /// place, so this is what re-renders its answer.
    pub optimise_batches: u32,
    pub notice: Option<Notice>,
    /// Set when saving failed (storage full or blocked): work is only in memory.
    pub unsaved: bool,
    /// Browser storage in use, in percent of what the origin may keep.
    pub storage_percent: usize,
}

/// How many undo steps are kept.
const HISTORY_LIMIT: usize = 100;

/// Every way the state can change.
#[derive(Clone)]
pub enum Action {
    ToggleLanguage,
    ToggleTheme,
    TogglePresenting,
    SetView(View),
    /// Show the editor or the results on a narrow screen.
    SetPane(Pane),
    WorkerReady {
        version: String,
        ready: usize,
        of: usize,
    },
    WorkerFailed {
        reason: String,
    },
    /// Change the workspace (undoable): the reducer applies the edit to the
    /// workspace as it is when the action arrives, so two edits dispatched
    /// before a re-render both land, and records one undo step for it.
    Edit(Edit),
    Select(String),
    /// Select the next (+1) or previous (−1) scenario, wrapping around.
    Step(i32),
    Undo,
    Redo,
    SetSeed(u64),
    SetReplications(u32),
    SetTarget(Option<f64>),
    /// A KPI's materiality threshold as the user wrote it; `None` for the default.
    SetMateriality(Kpi, Option<f64>),
    SetCompare(Vec<String>),
    RunStarted {
        job: u32,
        kind: JobKind,
    },
    Progress(Rc<Snapshot>),
    RunFailed {
        job: u32,
        reason: String,
    },
    RunCancelled,
    Notify(Notice),
    DismissNotice,
    /// The optimisation's search has taken a finished batch.
    OptimiseBatchTaken,
    /// What the last save did: whether something could not be written, and
    /// how full storage is.
    Saved {
        failed: bool,
        used_percent: usize,
    },
    /// Another tab's saves (or both versions of a scenario two tabs
    /// changed): applied to the workspace and to the undo history, so undo
    /// never takes back another tab's work.
    Merge(Rc<Merge>),
    /// A workshop file was opened (`name` is its file name): its scenarios
    /// join the library, its run settings apply, and its runs' results show
    /// without running again.
    OpenWorkshop {
        opened: Rc<workshop_file::Opened>,
        name: String,
    },
    /// A share link was opened: its scenario (if it could be read) and
    /// what to tell the user.
    SharedLink {
        json: Option<String>,
        notice: Notice,
    },
}

impl AppState {
    pub fn new(lang: Lang, theme: Theme, workspace: Workspace) -> AppState {
        AppState {
            lang,
            theme,
            presenting: false,
            worker: WorkerStatus::Starting,
            workspace,
            past: Vec::new(),
            future: Vec::new(),
            view: View::Results,
            pane: Pane::Editor,
            run: RunStatus::Idle,
            results: BTreeMap::new(),
            comparison: None,
            sweep: None,
            explain: None,
            sensitivity: None,
            uncertainty: None,
            optimise: None,
            optimise_batches: 0,
            notice: None,
            unsaved: false,
            storage_percent: 0,
        }
    }

    pub fn selected(&self) -> Option<&ScenarioDoc> {
        self.workspace.selected()
    }

    pub fn running_job(&self) -> Option<u32> {
        match self.run {
            RunStatus::Running { job, .. } => Some(job),
            _ => None,
        }
    }

    /// Whether `outcome` no longer matches the workspace: a scenario it ran
    /// or a run setting has changed since it started.
    pub fn is_stale(&self, outcome: &Outcome) -> bool {
        !outcome
            .inputs
            .still_match(&self.workspace, outcome.kind.scenario_ids())
    }

    /// Validates the scenarios of a job and builds its spec, or explains in
    /// the user's language what is wrong.
    pub fn job_spec(&self, kind: &JobKind) -> Result<JobSpec, String> {
        let state = self;
        let lang = state.lang;
        match kind {
            JobKind::Explain(spec) => return self.explain_job(spec),
            JobKind::Sensitivity(spec) => return self.sensitivity_job(spec),
            JobKind::Uncertainty(spec) => return self.uncertainty_job(spec),
            JobKind::Optimise(spec) => return self.optimise_job(spec),
            _ => {}
        }
        let docs: Vec<(String, String)> = match kind {
            JobKind::Single(id) => vec![(id.clone(), String::new())],
            JobKind::Compare(ids) => ids.iter().map(|id| (id.clone(), String::new())).collect(),
            JobKind::Explain(_)
            | JobKind::Sensitivity(_)
            | JobKind::Uncertainty(_)
            | JobKind::Optimise(_) => Vec::new(),
            JobKind::Sweep(sweep) => sweep
                .values
                .iter()
                .map(|v| {
                    (
                        sweep.scenario.clone(),
                        format!("{} = {}", sweep.label, crate::display::number(*v, 2)),
                    )
                })
                .collect(),
        };
        let mut variants = Vec::new();
        for (index, (id, label)) in docs.into_iter().enumerate() {
            let doc = state
                .workspace
                .get(&id)
                .ok_or_else(|| lang.text(Text::ScenarioMissing).to_string())?;
            let json = match kind {
                JobKind::Sweep(sweep) => crate::document::workspace::set_number(
                    &doc.json,
                    &sweep.path,
                    sweep.values[index],
                )
                .ok_or_else(|| lang.text(Text::SweepPathMissing).to_string())?,
                _ => doc.json.clone(),
            };
            let model = scenario::load(&json).map_err(|errors| {
                let first = errors.first().map(|e| e.message(lang)).unwrap_or_default();
                format!(
                    "{} “{}”: {first}",
                    lang.text(Text::ScenarioInvalid),
                    doc.name(lang)
                )
            })?;
            let label = if label.is_empty() {
                doc.name(lang)
            } else {
                label
            };
            variants.push(Variant {
                label,
                json,
                model: Rc::new(model),
                draws: false,
            });
        }
        let settings = &state.workspace.settings;
        let target = settings.target_half_width.map(|half_width| Target {
            kpi: crate::report::Kpi::FirstResponseMinutes,
            half_width,
            min_replications: 5,
        });
        Ok(JobSpec {
            variants,
            seed: settings.seed,
            replications: settings.replications,
            target,
        })
    }

    /// The workshop as a file: every scenario of the library, in order, and
    /// every finished run whose results still match its scenarios and the
    /// run settings (out-of-date results are not worth keeping).
    pub fn workshop_file(&self) -> WorkshopFile {
        let docs = &self.workspace.scenarios;
        let index = |id: &str| docs.iter().position(|d| d.id == id);
        let outcomes = self
            .results
            .values()
            .chain(self.comparison.iter())
            .chain(self.sweep.iter())
            .chain(self.explain.iter())
            .chain(self.sensitivity.iter())
            .chain(self.uncertainty.iter());
        let runs = outcomes
            .filter(|o| o.snapshot.finished && !o.snapshot.results.is_empty() && !self.is_stale(o))
            .filter_map(|o| {
                let kind = match &o.kind {
                    JobKind::Single(id) => SavedKind::Single(index(id)?),
                    JobKind::Compare(ids) => {
                        SavedKind::Compare(ids.iter().map(|id| index(id)).collect::<Option<_>>()?)
                    }
                    JobKind::Sweep(spec) => SavedKind::Sweep {
                        scenario: index(&spec.scenario)?,
                        path: spec.path.clone(),
                        label: spec.label.clone(),
                        values: spec.values.clone(),
                    },
                    // An analysis keeps what its plan is made from; the
                    // plan is made again on opening (workshop_file docs).
                    // A variant of 20 replications of a FAW-VW preset
                    // packs to about 42 KB, so an explanation's dozens of
                    // coalitions take a few megabytes.
                    JobKind::Explain(spec) => SavedKind::Explain {
                        a: index(&spec.a)?,
                        b: index(&spec.b)?,
                    },
                    JobKind::Sensitivity(spec) => SavedKind::Sensitivity {
                        scenario: index(&spec.id)?,
                        range_percent: spec.range_percent,
                        only: spec.only.clone(),
                    },
                    JobKind::Uncertainty(spec) => SavedKind::Uncertainty(index(&spec.id)?),
                    // Its search ran batch by batch; its answer is saved as
                    // a scenario of its own from the Optimise view.
                    JobKind::Optimise(_) => return None,
                };
                Some(SavedRun {
                    kind,
                    results: o.snapshot.results.as_ref().clone(),
                })
            })
            .collect();
        WorkshopFile {
            settings: self.workspace.settings.clone(),
            scenarios: docs
                .iter()
                .map(|d| SavedScenario {
                    json: d.json.clone(),
                    preset: d.preset.clone(),
                })
                .collect(),
            runs,
        }
    }

    /// Adds a workshop file's scenarios (as new ones: nothing in the
    /// library is replaced), applies its run settings, and shows its runs'
    /// results as a finished run would: the reports are rebuilt from the
    /// saved replications by the same code, so they are the day's figures.
    fn open_workshop(&mut self, opened: &workshop_file::Opened, name: &str) {
        let file = &opened.file;
        self.record_history();
        let ids: Vec<String> = file
            .scenarios
            .iter()
            .map(|s| self.workspace.add(s.json.clone(), s.preset.clone()))
            .collect();
        self.workspace.settings = file.settings.clone();
        let id = |i: usize| ids.get(i).cloned().unwrap_or_default();
        let mut restored = 0;
        for run in &file.runs {
            let kind = match &run.kind {
                SavedKind::Single(i) => JobKind::Single(id(*i)),
                SavedKind::Compare(indices) => {
                    JobKind::Compare(indices.iter().map(|&i| id(i)).collect())
                }
                SavedKind::Sweep {
                    scenario,
                    path,
                    label,
                    values,
                } => JobKind::Sweep(SweepSpec {
                    scenario: id(*scenario),
                    path: path.clone(),
                    label: label.clone(),
                    values: values.clone(),
                }),
                SavedKind::Explain { a, b } => JobKind::Explain(ExplainSpec {
                    a: id(*a),
                    b: id(*b),
                    plan: None,
                }),
                SavedKind::Sensitivity {
                    scenario,
                    range_percent,
                    only,
                } => JobKind::Sensitivity(SensitivitySpec {
                    id: id(*scenario),
                    range_percent: *range_percent,
                    only: only.clone(),
                    plan: None,
                }),
                SavedKind::Uncertainty(scenario) => JobKind::Uncertainty(UncertaintySpec {
                    id: id(*scenario),
                    plan: None,
                }),
            };
            // An analysis's plan is made again from its scenarios and the
            // file's settings, as when Run was pressed. A scenario this
            // build no longer accepts loses its results, not the workshop.
            let Ok(kind) = self.with_plan(kind) else {
                continue;
            };
            let Ok(spec) = self.job_spec(&kind) else {
                continue;
            };
            if spec.variants.len() != run.results.len() {
                continue;
            }
            let snapshot = Snapshot::finished(0, &spec.variants, Rc::new(run.results.clone()));
            let outcome = Outcome {
                inputs: Rc::new(RunInputs::of(&self.workspace, kind.scenario_ids())),
                kind: kind.clone(),
                snapshot: Rc::new(snapshot),
            };
            match kind {
                JobKind::Single(id) => {
                    self.results.insert(id, outcome);
                }
                JobKind::Compare(ids) => {
                    self.workspace.compare = ids;
                    self.comparison = Some(outcome);
                }
                JobKind::Sweep(_) => self.sweep = Some(outcome),
                JobKind::Explain(_) => self.explain = Some(outcome),
                JobKind::Sensitivity(_) => self.sensitivity = Some(outcome),
                JobKind::Uncertainty(_) => self.uncertainty = Some(outcome),
                JobKind::Optimise(_) => self.optimise = Some(outcome),
            }
            restored += 1;
        }
        if let Some(first) = ids.first() {
            self.workspace.selected = Some(first.clone());
        }
        let lang = self.lang;
        let dropped = opened.dropped_runs + file.runs.len() - restored;
        let mut text = format!(
            "{} {name}: {} {} {restored}",
            lang.text(Text::WorkshopOpened),
            ids.len(),
            lang.text(Text::WorkshopScenariosRuns),
        );
        if dropped > 0 {
            text.push_str(&format!(
                "; {dropped} {}",
                lang.text(Text::WorkshopRunsDropped)
            ));
        }
        self.notice = Some(Notice {
            error: dropped > 0,
            text,
        });
    }

    /// The job as it will run: an explanation gets its plan here, from
    /// its two scenarios as they are now (loading every coalition takes a
    /// moment, so it is done once, when Run is pressed).
    pub fn with_plan(&self, kind: JobKind) -> Result<JobKind, String> {
        let mut spec = match kind {
            JobKind::Explain(spec) => spec,
            JobKind::Sensitivity(spec) => return self.with_sensitivity_plan(spec),
            JobKind::Uncertainty(spec) => return self.with_uncertainty_plan(spec),
            JobKind::Optimise(spec) => return self.with_search(spec),
            kind => return Ok(kind),
        };
        let lang = self.lang;
        let parse = |id: &str| {
            let doc = self
                .workspace
                .get(id)
                .ok_or_else(|| lang.text(Text::ScenarioMissing).to_string())?;
            scenario::parse(&doc.json).map_err(|errors| {
                let first = errors.first().map(|e| e.message(lang)).unwrap_or_default();
                format!(
                    "{} “{}”: {first}",
                    lang.text(Text::ScenarioInvalid),
                    doc.name(lang)
                )
            })
        };
        let (a, b) = (parse(&spec.a)?, parse(&spec.b)?);
        let plan =
            Plan::new(&a, &b, DEFAULT_SAMPLES, self.workspace.settings.seed).map_err(|e| {
                let first = e
                    .errors
                    .first()
                    .map(|e| e.message(lang))
                    .unwrap_or_default();
                format!("{} {}: {first}", lang.text(Text::ExplainPlanFailed), e.what)
            })?;
        if plan.groups.is_empty() {
            return Err(lang.text(Text::ExplainNothingDiffers).to_string());
        }
        spec.plan = Some(Rc::new(plan));
        Ok(JobKind::Explain(spec))
    }

    fn with_sensitivity_plan(&self, mut spec: SensitivitySpec) -> Result<JobKind, String> {
        let lang = self.lang;
        let doc = self
            .workspace
            .get(&spec.id)
            .ok_or_else(|| lang.text(Text::ScenarioMissing).to_string())?;
        let invalid = |errors: Vec<scenario::ValidationError>| {
            let first = errors.first().map(|e| e.message(lang)).unwrap_or_default();
            format!(
                "{} “{}”: {first}",
                lang.text(Text::ScenarioInvalid),
                doc.name(lang)
            )
        };
        let parsed = scenario::parse(&doc.json).map_err(invalid)?;
        let model = scenario::validate(&parsed).map_err(invalid)?;
        let only: Vec<FieldPath> = spec
            .only
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                FieldPath::parse(p)
                    .ok_or_else(|| format!("{} {p}", lang.text(Text::SensitivityNoInput)))
            })
            .collect::<Result<_, _>>()?;
        let plan = SensitivityPlan::new(&parsed, &model, spec.range_percent, &only)
            .map_err(|e| format!("{} {}", lang.text(Text::SensitivityNoInput), e.0))?;
        if plan.inputs.is_empty() {
            return Err(lang.text(Text::SensitivityNothing).to_string());
        }
        spec.plan = Some(Rc::new(plan));
        Ok(JobKind::Sensitivity(spec))
    }

    fn with_uncertainty_plan(&self, mut spec: UncertaintySpec) -> Result<JobKind, String> {
        let lang = self.lang;
        let doc = self
            .workspace
            .get(&spec.id)
            .ok_or_else(|| lang.text(Text::ScenarioMissing).to_string())?;
        let parsed = scenario::parse(&doc.json).map_err(|errors| {
            let first = errors.first().map(|e| e.message(lang)).unwrap_or_default();
            format!(
                "{} “{}”: {first}",
                lang.text(Text::ScenarioInvalid),
                doc.name(lang)
            )
        })?;
        let plan = UncertaintyPlan::new(&parsed, self.workspace.settings.seed)
            .map_err(|e| e.message(lang))?;
        spec.plan = Some(Rc::new(plan));
        Ok(JobKind::Uncertainty(spec))
    }

    /// An optimisation's first batch makes its search; later batches carry it.
    fn with_search(&self, mut spec: OptimiseSpec) -> Result<JobKind, String> {
        if spec.search.is_some() {
            return Ok(JobKind::Optimise(spec));
        }
        let lang = self.lang;
        let doc = self
            .workspace
            .get(&spec.id)
            .ok_or_else(|| lang.text(Text::ScenarioMissing).to_string())?;
        let parsed = scenario::parse(&doc.json).map_err(|errors| {
            let first = errors.first().map(|e| e.message(lang)).unwrap_or_default();
            format!(
                "{} “{}”: {first}",
                lang.text(Text::ScenarioInvalid),
                doc.name(lang)
            )
        })?;
        let targets = spec
            .targets
            .split([';', '\n'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| {
                crate::analysis::target::Target::parse(t)
                    .map_err(|e| format!("{t}: {}", e.message(lang)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let vary: Vec<String> = spec
            .vary
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string)
            .collect();
        let settings = &self.workspace.settings;
        let search = Search::new(
            &parsed,
            &targets,
            &vary,
            settings.replications,
            settings.seed,
        )
        .map_err(|e| e.message(lang))?;
        spec.search = Some(Rc::new(std::cell::RefCell::new(search)));
        Ok(JobKind::Optimise(spec))
    }

    /// The search's next batch: each design a variant (labelled by its
    /// headcounts) on the search's seed and replications.
    fn optimise_job(&self, spec: &OptimiseSpec) -> Result<JobSpec, String> {
        let lang = self.lang;
        let search = spec
            .search
            .as_ref()
            .ok_or_else(|| lang.text(Text::OptimiseDone).to_string())?;
        let mut search = search.borrow_mut();
        let batch = search
            .next_batch()
            .ok_or_else(|| lang.text(Text::OptimiseDone).to_string())?;
        let variants = batch
            .into_iter()
            .map(|(candidate, model)| {
                let json = serde_json::to_string(&search.scenario_of(&candidate.headcount))
                    .unwrap_or_default();
                Variant {
                    label: candidate
                        .headcount
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join("/"),
                    json,
                    model: Rc::new(model),
                    draws: false,
                }
            })
            .collect();
        Ok(JobSpec {
            variants,
            seed: search.seed(),
            replications: search.replications(),
            target: None,
        })
    }

    /// An uncertain-inputs job: the scenario at its most likely values,
    /// then the same file drawn anew in each replication (the worker
    /// draws), both labelled by position.
    fn uncertainty_job(&self, spec: &UncertaintySpec) -> Result<JobSpec, String> {
        let plan = spec
            .plan
            .as_ref()
            .ok_or_else(|| self.lang.text(Text::UncertaintyNone).to_string())?;
        let mut job = self.variants_job(
            &[plan.baseline_json.clone(), plan.baseline_json.clone()],
            &[plan.baseline.clone(), plan.baseline.clone()],
        );
        if let Some(drawn) = job.variants.get_mut(1) {
            drawn.draws = true;
        }
        Ok(job)
    }

    /// A sensitivity job: the scenario, then each input's low and high.
    fn sensitivity_job(&self, spec: &SensitivitySpec) -> Result<JobSpec, String> {
        let plan = spec
            .plan
            .as_ref()
            .ok_or_else(|| self.lang.text(Text::SensitivityNothing).to_string())?;
        Ok(self.variants_job(&plan.scenarios, &plan.models))
    }

    /// An explanation's job: one variant per coalition, on the same seeds.
    fn explain_job(&self, spec: &ExplainSpec) -> Result<JobSpec, String> {
        let plan = spec
            .plan
            .as_ref()
            .ok_or_else(|| self.lang.text(Text::ExplainPlanFailed).to_string())?;
        Ok(self.variants_job(&plan.scenarios, &plan.models))
    }

    /// One variant per scenario text and its model (labelled by position),
    /// every replication run, no early stop: an analysis needs the same
    /// replications of every variant.
    fn variants_job(&self, scenarios: &[String], models: &[crate::sim::Model]) -> JobSpec {
        let variants = scenarios
            .iter()
            .zip(models)
            .enumerate()
            .map(|(i, (json, model))| Variant {
                label: i.to_string(),
                json: json.clone(),
                model: Rc::new(model.clone()),
                draws: false,
            })
            .collect();
        let settings = &self.workspace.settings;
        JobSpec {
            variants,
            seed: settings.seed,
            replications: settings.replications,
            target: None,
        }
    }

    fn record_history(&mut self) {
        self.past.push(self.workspace.clone());
        if self.past.len() > HISTORY_LIMIT {
            self.past.remove(0);
        }
        self.future.clear();
    }

    fn apply_progress(&mut self, snapshot: Rc<Snapshot>) {
        let RunStatus::Running { job, kind, inputs } = &self.run else {
            return;
        };
        if *job != snapshot.job {
            return;
        }
        let outcome = Outcome {
            kind: kind.clone(),
            snapshot: snapshot.clone(),
            inputs: inputs.clone(),
        };
        match kind {
            JobKind::Single(id) => {
                self.results.insert(id.clone(), outcome);
            }
            JobKind::Compare(_) => self.comparison = Some(outcome),
            JobKind::Sweep(_) => self.sweep = Some(outcome),
            JobKind::Explain(_) => self.explain = Some(outcome),
            JobKind::Sensitivity(_) => self.sensitivity = Some(outcome),
            JobKind::Uncertainty(_) => self.uncertainty = Some(outcome),
            JobKind::Optimise(_) => self.optimise = Some(outcome),
        }
        if snapshot.finished {
            self.run = RunStatus::Idle;
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::ToggleLanguage => next.lang = next.lang.toggled(),
            Action::ToggleTheme => next.theme = next.theme.toggled(),
            Action::TogglePresenting => next.presenting = !next.presenting,
            Action::SetView(view) => next.view = view,
            Action::SetPane(pane) => next.pane = pane,
            Action::WorkerReady { version, ready, of } => {
                next.worker = WorkerStatus::Ready { version, ready, of }
            }
            Action::WorkerFailed { reason } => next.worker = WorkerStatus::Failed { reason },
            Action::Edit(edit) => {
                let mut workspace = next.workspace.clone();
                if (edit.0)(&mut workspace) && workspace != next.workspace {
                    next.record_history();
                    next.workspace = workspace;
                }
            }
            Action::Select(id) => next.workspace.select(&id),
            Action::Step(delta) => next.workspace.step(delta),
            Action::Undo => {
                if let Some(previous) = next.past.pop() {
                    let current = std::mem::replace(&mut next.workspace, previous);
                    next.future.push(current);
                }
            }
            Action::Redo => {
                if let Some(redone) = next.future.pop() {
                    let current = std::mem::replace(&mut next.workspace, redone);
                    next.past.push(current);
                }
            }
            Action::SetSeed(seed) => next.workspace.settings.seed = seed,
            Action::SetReplications(n) => next.workspace.settings.replications = n,
            Action::SetTarget(half_width) => next.workspace.settings.target_half_width = half_width,
            Action::SetMateriality(kpi, value) => {
                let overrides = &mut next.workspace.settings.materiality;
                match value {
                    Some(v) => overrides.insert(kpi.key().to_string(), v),
                    None => overrides.remove(kpi.key()),
                };
            }
            Action::SetCompare(ids) => next.workspace.compare = ids,
            Action::RunStarted { job, kind } => {
                // Earlier results of the same view would pass for this run's
                // until its first snapshot arrives: drop them.
                match &kind {
                    JobKind::Single(id) => {
                        next.results.remove(id);
                    }
                    JobKind::Compare(_) => next.comparison = None,
                    JobKind::Sweep(_) => next.sweep = None,
                    JobKind::Explain(_) => next.explain = None,
                    JobKind::Sensitivity(_) => next.sensitivity = None,
                    JobKind::Uncertainty(_) => next.uncertainty = None,
                    JobKind::Optimise(_) => next.optimise = None,
                }
                // The job was built from this same workspace (the shell
                // dispatches RunStarted right after building it).
                let inputs = Rc::new(RunInputs::of(&next.workspace, kind.scenario_ids()));
                next.run = RunStatus::Running { job, kind, inputs };
                // A run is started to be looked at.
                next.pane = Pane::Results;
                next.notice = None;
            }
            Action::Progress(snapshot) => next.apply_progress(snapshot),
            Action::RunFailed { job, reason } => {
                if next.running_job() == Some(job) {
                    next.run = RunStatus::Failed { reason };
                }
            }
            Action::RunCancelled => {
                // A cancelled optimisation stops its search for good (the
                // shell feeds it no batch any more) and stays on show with
                // the designs it evaluated, even when the cancel came
                // before its batch's first progress (RunStarted cleared
                // the view's outcome).
                let run = std::mem::replace(&mut next.run, RunStatus::Idle);
                if let RunStatus::Running {
                    job,
                    kind: JobKind::Optimise(spec),
                    inputs,
                } = run
                    && let Some(search) = &spec.search
                {
                    search.borrow_mut().cancel();
                    let shown = next.optimise.as_ref().is_some_and(
                        |o| matches!(&o.kind, JobKind::Optimise(s) if same_plan(&s.search, &spec.search)),
                    );
                    if !shown {
                        next.optimise = Some(Outcome {
                            kind: JobKind::Optimise(spec.clone()),
                            snapshot: Rc::new(Snapshot::empty(job)),
                            inputs,
                        });
                    }
                }
            }
            Action::Notify(notice) => next.notice = Some(notice),
            Action::DismissNotice => next.notice = None,
            Action::OptimiseBatchTaken => next.optimise_batches += 1,
            Action::Saved {
                failed,
                used_percent,
            } => {
                next.unsaved = failed;
                next.storage_percent = used_percent;
            }
            Action::Merge(merge) => {
                merge.apply(&mut next.workspace, true);
                for snapshot in next.past.iter_mut().chain(next.future.iter_mut()) {
                    merge.apply(snapshot, false);
                }
                if let Some(text) = merge.conflict_message(next.lang) {
                    next.notice = Some(Notice { error: true, text });
                }
            }
            Action::OpenWorkshop { opened, name } => next.open_workshop(&opened, &name),
            Action::SharedLink { json, notice } => {
                if let Some(json) = json {
                    next.record_history();
                    next.workspace.add(json, None);
                }
                next.notice = Some(notice);
            }
        }
        Rc::new(next)
    }
}

/// The app's state and its dispatcher, as every component reads them: the
/// shell provides it as a context (`ContextProvider<Store>`), so props carry
/// only what a component is about, never the whole store.
pub type Store = UseReducerHandle<AppState>;

/// The store from the shell's context. `None` only outside the shell (a
/// component rendered on its own), where components render nothing.
#[hook]
pub fn use_store() -> Option<Store> {
    use_context::<Store>()
}

/// An edit of the workspace as an intent: a function the reducer applies
/// to the current workspace. It returns whether it changed anything worth
/// an undo step (an edit of a scenario that is gone, or a form value equal
/// to the old one, records nothing).
#[derive(Clone)]
pub struct Edit(Rc<dyn Fn(&mut Workspace) -> bool>);

impl Edit {
    /// An edit that changes the workspace.
    pub fn workspace(edit: impl Fn(&mut Workspace) + 'static) -> Edit {
        Edit(Rc::new(move |workspace| {
            edit(workspace);
            true
        }))
    }

    /// An edit of scenario `doc_id`'s JSON; `edit` says whether it changed
    /// anything (the document's pure edits all do).
    pub fn scenario(doc_id: &str, edit: impl Fn(&mut serde_json::Value) -> bool + 'static) -> Edit {
        let doc_id = doc_id.to_string();
        Edit(Rc::new(move |workspace| {
            let mut changed = false;
            workspace.update_json(&doc_id, |value| changed = edit(value));
            changed
        }))
    }

    /// Replaces scenario `doc_id`'s text (what the user typed).
    pub fn text(doc_id: &str, json: String) -> Edit {
        let doc_id = doc_id.to_string();
        Edit(Rc::new(move |workspace| {
            workspace.set_json(&doc_id, json.clone());
            true
        }))
    }
}

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Edit(..)")
    }
}

/// Callbacks that start and stop runs (they need the pool, which lives
/// outside the reducer).
#[derive(Clone, PartialEq)]
pub struct RunActions {
    pub run: Callback<JobKind>,
    pub cancel: Callback<()>,
}
