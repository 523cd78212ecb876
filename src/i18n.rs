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
    ResultsStale => "自本次运行后，方案或运行设置已修改：以下结果对应修改前的版本。请重新运行以更新。", "Changed since this run: these results are for the scenario as it was. Run again to update them.";
    SkipToRun => "跳到“运行”", "Skip to Run";
    RunShortcutHint => "运行（Ctrl+Enter）", "Run (Ctrl+Enter)";
    NotMaterial => "差异显著但不重要（低于阈值）", "no material difference (below the threshold)";
    DoesNotApply => "不适用", "does not apply";
    MaterialityTitle => "重要性阈值", "Materiality thresholds";
    MaterialityHint => "只有区间不含 0 且差异达到阈值时，才判为“更好”或“更差”。默认值为经验判断；清空输入即恢复默认。", "A difference is called better or worse only when its 95 % interval excludes 0 and it reaches the threshold. Defaults are judgement; empty a field to restore its default.";
    MaterialityPercentOfBaseline => "% 基准值", "% of baseline";
    MaterialityPoints => "个百分点", "pp";
    MaterialityUnits => "（指标单位）", "(KPI units)";
    IntervalOfMean => "均值的 95% 区间", "95 % interval of the mean";
    LeadLevel => "逐条线索", "Per lead";
    Median => "中位数", "median";
    AcrossReplications => "各次重复的分布", "Across replications";
    AcrossReplicationsHint => "每次重复得到一个数值；这里是这些数值的 P10、P50、P90，不是单条线索的分布。", "Each replication gives one value; these are the P10, P50 and P90 of those values, not the spread over single leads.";
    PresetModified => "已修改", "modified";
    PresetReset => "恢复为预设", "Reset to preset";
    PresetResetHint => "把此方案恢复为内置预设的原样（可撤销）", "Put this scenario back as the built-in preset has it (can be undone)";
    DeleteQuestion => "删除“{name}”？删除后可用“撤销”恢复。", "Delete “{name}”? Undo brings it back.";
    Keep => "保留", "Keep";
    SheetScenario => "方案", "Scenario";
    SheetSection => "类别", "Section";
    SheetName => "名称", "Name";
    SheetMeasure => "指标键", "Key";
    SheetUnit => "单位", "Unit";
    SheetMean => "均值", "Mean";
    SheetHalfWidth => "95% 区间半宽（±）", "95 % interval (±)";
    SheetP10 => "P10（各次重复）", "P10 (across replications)";
    SheetP50 => "P50（各次重复）", "P50 (across replications)";
    SheetP90 => "P90（各次重复）", "P90 (across replications)";
    SheetMinutes => "分钟", "min";
    SheetYuan => "元", "¥";
    SheetKpi => "指标", "KPI";
    SheetUnitSection => "单元", "Unit";
    SheetGrade => "线索等级", "Lead grade";
    SheetSource => "线索来源", "Lead source";
    SheetUtilisation => "利用率", "utilisation";
    SheetWait => "平均等待", "mean wait";
    SheetQueue => "平均队长", "mean queue length";
    SheetServed => "处理量", "served";
    OfflineArchive => "下载离线版", "Download for offline use";
    OfflineArchiveHint => "整个网站打包为一个文件：解压后运行 python3 -m http.server 8000 --directory orgflow，再打开 http://localhost:8000/", "The whole site in one file: unpack, run python3 -m http.server 8000 --directory orgflow, open http://localhost:8000/";
    PaneSwitchLabel => "显示", "Show";
    PaneEditor => "编辑方案", "Edit scenario";
    PaneResults => "运行与结果", "Run and results";
    ExportReport => "研讨会报告", "Workshop report";
    ExportReportHint => "一个 HTML 文件：组织图、说明与假设、全部指标、对比与图表；在浏览器中打开后可打印为 PDF", "One HTML file: organisation diagrams, description and assumptions, every KPI, the comparison and the charts; open it in a browser and print to PDF";
    WorkshopReport => "orgflow 研讨会报告", "orgflow workshop report";
    SaveWorkshop => "保存研讨会文件", "Save workshop file";
    SaveWorkshopHint => "一个文件保存全部方案及其最新结果（未过期的），之后导入即可查看，无需重新运行", "One file with every scenario and its latest results (those still up to date): import it later to see them without running again";
    WorkshopOpened => "已打开研讨会文件", "Opened workshop file";
    WorkshopScenariosRuns => "个方案、已恢复结果：", "scenarios, results restored:";
    WorkshopRunsDropped => "组结果无法读取（可能由其他版本保存），请重新运行", "runs could not be read (saved by another version?): run them again";
    WorkshopNewer => "该研讨会文件由更新版本的 orgflow 保存", "This workshop file was saved by a newer orgflow";
    WorkshopInvalid => "不是有效的研讨会文件：字段", "Not a valid workshop file: field";
    WorkshopTooLarge => "研讨会文件过大", "Workshop file too large";
    StaleBadge => "已过期", "out of date";
    ResultsEmpty => "运行方案后，这里显示带 95% 置信区间的关键指标。", "Run a scenario to see KPIs with 95 % confidence intervals.";
    WorkerStarting => "正在启动仿真线程…", "Starting simulation worker…";
    WorkerReady => "仿真线程已就绪", "Simulation worker ready";
    WorkerFailed => "仿真线程无法启动", "The simulation worker could not start";
    WorkerVersionMismatch => "仿真线程版本不一致，正在重新加载", "The simulation worker is from another version; reloading";
    Version => "版本", "Version";
    PrivacyNote => "完全在浏览器中运行：方案数据不会离开本设备。", "Runs entirely in your browser: no scenario data leaves this device.";
    Presets => "预设方案", "Presets";
    MoreParameters => "更多参数", "More parameters";
    Parameter => "参数", "Parameter";
    Value => "数值", "Value";
    SectionHorizon => "模拟时长", "Horizon";
    SectionGrades => "线索等级", "Lead grades";
    SectionChannels => "渠道", "Channels";
    SectionCommittees => "委员会", "Committees";
    SectionHandoffs => "转交", "Hand-offs";
    SectionFunnel => "漏斗与再营销", "Funnel and re-marketing";
    SectionCustomer => "客户满意度权重", "Customer satisfaction weights";
    FieldDays => "模拟天数", "days simulated";
    FieldWarmupDays => "预热天数（不计入统计）", "warm-up days (not measured)";
    FieldDrainDays => "收尾天数（在途线索完成）", "drain days (leads in flight finish)";
    FieldSharePercent => "占比 %", "share %";
    FieldQualifyProbability => "立即联系时的合格概率", "qualification chance when contacted at once";
    FieldExpectedResponse => "期望响应时间（分钟）", "expected response (minutes)";
    FieldPatienceMean => "平均耐心（分钟）", "mean patience (minutes)";
    FieldCloseRate => "成交率", "close rate";
    FieldPriceConsistency => "价格一致性（0–1）", "price consistency (0–1)";
    FieldCostPerOrder => "单车订单成本", "cost per order";
    FieldDecisionShare => "需审批的比例", "share needing a decision";
    FieldEveryDays => "开会间隔（天）", "meets every (days)";
    FieldDurationMinutes => "会议时长（分钟）", "meeting length (minutes)";
    FieldTransferDelay => "平均转交延迟（分钟）", "mean transfer delay (minutes)";
    FieldRepeatExtra => "重复说明的额外时间（分钟）", "extra time when repeating (minutes)";
    FieldDuplicateShare => "双链路重复联系比例", "share contacted by both links";
    FieldDecay => "响应衰减时间常数 τ（分钟）", "response decay τ (minutes)";
    FieldFloor => "响应衰减下限 f", "response decay floor f";
    FieldShareUnqualified => "未合格线索进入孵化的比例", "share of unqualified leads incubated";
    FieldShareDefeated => "战败线索进入孵化的比例", "share of defeated leads incubated";
    FieldShareAbandoned => "流失线索进入孵化的比例", "share of abandoned leads incubated";
    FieldRequalify => "再营销合格率倍数", "re-qualification multiplier";
    FieldRequestProbability => "售后请求概率", "after-sales request probability";
    FieldReferralMax => "最高转介绍概率", "highest referral probability";
    FieldBase => "初始满意度 S₀", "starting satisfaction S₀";
    FieldWaitWeight => "等待权重", "wait weight";
    FieldHandoffWeight => "转交权重", "hand-off weight";
    FieldRepeatWeight => "重复询问权重", "repeated-question weight";
    FieldDuplicateWeight => "重复联系权重", "duplicate-contact weight";
    FieldInconsistencyWeight => "价格不一致权重", "price-inconsistency weight";
    FieldResolutionBonus => "解决问题加分", "resolution bonus";
    FieldReference => "参考满意度", "reference satisfaction";
    FieldConversionSensitivity => "满意度对转化的敏感度", "conversion sensitivity to satisfaction";
    FieldPromptBonus => "及时响应加分（每个等待环节）", "prompt-response bonus (per waited phase)";
    FieldUnservedSatisfaction => "未被联系到的客户满意度", "satisfaction of a customer never reached";
    FieldExpectedFollowup => "客户预期的跟进等待（分钟）", "expected follow-up wait (min)";
    ChartsWhenFinished => "运行完成后显示图表。", "Charts appear when the run finishes.";
    PanicBanner => "出错了——您的工作已保存。请重新加载页面。", "Something went wrong — your work is saved. Please reload the page.";
    Reload => "重新加载", "Reload";
    PickPreset => "选择预设方案…", "Pick a preset…";
    New => "新建", "New";
    NewName => "新名称", "New name";
    Duplicate => "复制", "Duplicate";
    Rename => "重命名", "Rename";
    Delete => "删除", "Delete";
    Undo => "撤销", "Undo";
    Redo => "重做", "Redo";
    Import => "导入 JSON", "Import JSON";
    Imported => "已导入", "Imported";
    ImportFailed => "无法导入", "Could not import";
    ExportJson => "导出 JSON", "Export JSON";
    ExportCsv => "导出 CSV", "Export CSV";
    ExportSvg => "导出 SVG", "SVG";
    ExportPng => "导出 PNG", "PNG";
    ExportFailed => "导出失败：", "Export failed:";
    Share => "分享链接", "Share link";
    ShareLinkCopied => "分享链接（已尝试复制到剪贴板；方案只在链接的 # 之后，不会发送到服务器）", "Share link (copied to the clipboard where allowed; the scenario is only in the part after #, never sent to a server)";
    ShareUseFile => "请改用“导出 JSON”分享文件。", "Share the file instead (Export JSON).";
    SharedScenarioAdded => "已从链接添加方案。", "Scenario from the link added.";
    SharedLinkUnreadable => "无法读取分享链接，当前工作未改动：", "The shared link could not be read; your work is unchanged:";
    ShareLinkIncomplete => "分享链接不完整：链接在复制时被截断了。请复制完整的链接再试一次。", "The share link is incomplete: it was cut off when copied. Copy the whole link and try again.";
    KeptAsideAs => "原数据已原样保留在", "It is kept as it was under";
    LeftInPlace => "原数据未改动，仍保留在", "It is left untouched under";
    SavedScenarioUnreadable => "一个已保存的方案无法读取", "A saved scenario could not be read";
    MigrationDidNotFit => "已保存的工作转换为新的保存格式时超出了浏览器存储空间：原数据未改动，本次修改仅在内存中。请导出需要保留的方案。", "Saved work did not fit in browser storage while moving to the new storage format: it is left as it was, and changes stay in memory only. Export the scenarios you want to keep.";
    ChangedInTwoTabs => "以下方案在另一个标签页中也被修改，两个版本都已保留（其中一个标为“另一版本”）：", "Changed in another tab as well; both versions are kept (one is marked “other version”):";
    StorageFilling => "浏览器存储已用", "Browser storage used:";
    StorageFillingHint => "浏览器为本站保存的数据有上限（约 500 万字符）。接近上限时，请导出并删除不再需要的大方案。", "The browser keeps at most about 5 million characters for this site. Near the limit, export and delete large scenarios you no longer need.";
    PanicBannerUnsaved => "出错了——最近的修改未能保存（浏览器存储已满或不可用），重新加载会丢失这些修改。", "Something went wrong — your latest changes are NOT saved (browser storage is full or blocked); reloading will lose them.";
    MoreErrorsNotShown => "另有更多问题未列出：", "More problems not listed:";
    StartedFromPresets => "已从预设方案开始。", "Started from the presets.";
    NotSaved => "未保存：存储不可用，工作仅在内存中", "Not saved: storage unavailable, work is in memory only";
    Dismiss => "关闭", "Dismiss";
    Present => "演示模式", "Present";
    PresentExit => "退出演示", "Exit presentation";
    PresentHint => "全屏大字号、高对比度；方向键切换方案，Esc 退出", "Full screen, large type, high contrast; arrow keys step through scenarios, Esc leaves";
    Organisation => "组织结构", "Organisation";
    FrontOffice => "前台", "Front office";
    MiddleOffice => "中台", "Middle office";
    BackOffice => "后台", "Back office";
    Units => "组织单元", "Units";
    Unit => "单元", "Unit";
    Office => "层级", "Office";
    Headcount => "人数", "Headcount";
    HourlyCost => "每小时人力成本", "Staff cost per hour";
    Authority => "决策权限级别", "Decision authority level";
    Days => "天", "days";
    StaffShort => "人", "staff";
    StaffByShift => "按班次 {range} 人", "{range} by shift";
    StageTraffic => "流量池", "Traffic";
    StageLead => "线索池", "Leads";
    StageIncubation => "孵化池", "Incubation";
    StageProspect => "潜客池", "Prospects";
    StageOrder => "订单", "Orders";
    StageOwner => "车主", "Owners";
    LinkChip => "链路", "Link";
    ServedShort => "处理", "served";
    BusyShort => "% 繁忙", "% busy";
    MeetsEvery => "每", "every";
    LeadSources => "线索来源", "Lead sources";
    Source => "来源", "Source";
    LeadsPerDay => "每日线索数", "Leads per day";
    CostPerLead => "单条线索成本", "Cost per lead";
    Link => "链路", "Link";
    DualLink => "双链路运营", "Dual-link operations";
    SlaMinutes => "首次联系 SLA（分钟）", "First-contact SLA (minutes)";
    OnBreach => "超时处理", "On breach";
    OneId => "数据打通（One-ID / CDP）：转交时客户无需重复说明", "Shared customer data (One-ID / CDP): no repeated questions at hand-offs";
    ChannelMix => "渠道结构", "Channel mix";
    Total => "合计", "Total";
    AllKpis => "全部指标（均值、95% 置信区间、各次重复的 P10/P50/P90）", "Every KPI (mean, 95 % interval, P10/P50/P90 across replications)";
    KpiColumn => "指标", "KPI";
    SectionSkills => "单元能力系数（留空 = 1，0–3）", "Unit skills (empty = 1, 0–3)";
    SectionFixedCosts => "固定成本（每月）", "Fixed costs (per month)";
    SectionReach => "首次联系的外呼尝试", "Call attempts for the first contact";
    FieldReachProbability => "每次接通概率", "reach probability per attempt";
    FieldRetryMinutes => "重拨间隔（分钟）", "minutes between attempts";
    FieldMaxAttempts => "最多尝试次数", "most attempts";
    FieldAttemptMinutes => "每次未接通占用（分钟）", "minutes a failed attempt takes";
    FieldQualifySkill => "合格转化能力", "qualification skill";
    FieldCloseSkill => "成交能力", "closing skill";
    FieldPerMonth => "每月金额", "per month";
    SectionEconomics => "收入、毛利与转型成本（留空 = 0）", "Revenue, margin and transition cost (empty = 0)";
    SectionDiscounts => "按审批级别的折扣（留空 = 0；占标价 %）", "Discounts by decision level (empty = 0; % of list price)";
    FieldTransitionCost => "一次性转型成本（转为本方案，元）", "one-off transition cost (moving to this design, ¥)";
    FieldPrice => "标价（每单，元）", "list price per order (¥)";
    FieldGrossMarginPercent => "按标价计毛利率（%）", "gross margin at list price (%)";
    FieldDiscountPercent => "审批折扣（占标价 %）", "discount with the decision (% of list price)";
    FieldAfterSalesRevenue => "售后 · 每次服务收入（元）", "after-sales · revenue per served request (¥)";
    FieldAfterSalesMargin => "售后 · 毛利率（%）", "after-sales · gross margin (%)";
    PaybackRow => "回收期（月）= 转型成本 ÷ 每月毛利增量", "Payback (months) = transition cost ÷ monthly gross-profit gain";
    Months => "个月", "months";
    PaybackNever => "无法回收：每月毛利未高于基准", "never: monthly gross profit is not higher than the baseline's";
    PaybackGain => "每月毛利增量", "monthly gain";
    EconomicsFormula => "收入与毛利", "Revenue and gross profit";
    EconomicsFormulaText => "收入 = Σ 订单 · 标价 · (1 − d(审批级别)) + 已完成售后 · 每次收入；毛利 = Σ 订单 · 标价 · (m − d) + 售后收入 · 售后毛利率 − 人力、获客、订单与固定成本；单条线索毛利 = 毛利 ÷ 全部线索；回收期 = 转型成本 ÷ 每月毛利增量（相对基准）", "revenue = Σ orders · price · (1 − d(decision level)) + after-sales requests served · revenue each; gross profit = Σ orders · price · (m − d) + after-sales revenue · its margin − staff, acquisition, per-order and fixed costs; profit per lead = gross profit ÷ all leads; payback = transition cost ÷ monthly gross-profit gain over the baseline";
    SectionTraffic => "流量池（访客 → 线索）", "Traffic pools (visitors → leads)";
    FieldVisitorsPerDay => "每日访客", "visitors per day";
    FieldCaptureRate => "留资率（访客转线索）", "capture rate (visitor to lead)";
    FieldCostPerVisitor => "每访客成本", "cost per visitor";
    UnfinishedWarning => "运行结束时仍有 {value} 的计量线索在漏斗中（上限 {limit}）：转化与满意度偏向较快结束的旅程。请在参数中延长“收尾天数”（horizon.drain_days）。", "{value} of the measured leads are still in the funnel when the run ends (limit {limit}): conversion and satisfaction lean towards journeys that end quickly. Lengthen the drain (horizon.drain_days) in the parameters.";
    Segments => "按线索等级与来源（均值 ± 95% 置信区间）", "By lead grade and by source (mean ± 95 % interval)";
    GradeColumn => "等级", "Grade";
    SourceColumn => "来源", "Source";
    LeadsColumn => "线索数", "Leads";
    FirstResponseColumn => "首次响应（已联系线索均值）", "First response (mean of leads reached)";
    ConversionColumn => "转化率", "Conversion";
    AbandonmentColumn => "流失率", "Abandonment";
    MeanColumn => "均值", "Mean";
    SpreadColumn => "各次重复的分布", "Spread across replications";
    Formulas => "公式", "Formulas";
    ConversionFormula => "响应时间对转化的影响", "How response time drives conversion";
    HbrAnchor => "校准依据：HBR 2011《网络销售线索的短暂生命》，1 小时内联系的合格率约为更晚联系的 7 倍、24 小时后联系的约 60 倍", "calibration: HBR 2011, \"The Short Life of Online Sales Leads\": contact within an hour qualifies about 7× as often as later, about 60× as often as after 24 h";
    QualifyCloseFormula => "合格：p = q(等级) · 技能_合格(合格判定单元) · m(t) · c(S′)；成交：p = 成交率(渠道) · 技能_成交(渠道单元) · c(S′)", "qualify: p = q(grade) · skill_qualify(qualifying unit) · m(t) · c(S′);  close: p = close_rate(channel) · skill_close(channel's unit) · c(S′)";
    FirstResponseFormula => "首次响应与外呼", "First response and call attempts";
    FirstResponseFormulaText => "t = 从线索进入到第一次接通客户的分钟数。链路设置了接单延迟时，延迟过去前无人能联系该线索（客户可能在此期间流失）。设置了“接通”的来源：每次外呼以概率 p 接通，未接通占用坐席 attempt_minutes，retry_minutes 后再拨，最多 max_attempts 次，仍未接通即“未联系到”；耐心先耗尽的客户流失。另一条链路的重复外呼只拨一次（同样按接通概率），若先于所属链路接通，即为首次联系，之后等待所属链路来电计为跟进等待。", "t = minutes from a lead's arrival to the first call that reaches the customer. With the link's pick-up delay nobody can call the lead before that delay has passed (the customer may abandon meanwhile). For a source with reach, each attempt reaches them with probability p; a failed attempt keeps the agent attempt_minutes and is retried retry_minutes later, at most max_attempts times, then the lead is not reached; a customer whose patience runs out first abandons. The other link's duplicate call is one attempt (with the same reach); when it comes first it is the first contact, and the wait for the owning link's call is then a follow-up wait.";
    SatisfactionFormula => "满意度", "Satisfaction";
    ConversionMultiplierFormula => "c(S′) = clamp(1 + k·(S′ − S_ref)/10, 0, 2)，S′ 为不含首次联系等待项的满意度", "c(S′) = clamp(1 + k·(S′ − S_ref)/10, 0, 2), S′ = the satisfaction without the first contact's wait";
    SatisfactionHint => "W 为某个等待环节（首次联系、转交后的跟进、到店咨询、审批、售后）的等待时间，E 为客户对该环节的期望；b 为及时响应加分。从未被联系到的客户（放弃或外呼未接通）满意度不超过“未被联系到的客户满意度”。满意度影响成交与转介绍，但首次响应的等待只通过 m(t) 影响转化，不再经 c(S) 重复计算。", "W is a phase's wait (first contact, follow-up after a hand-off, consultation, decision, after-sales), E the customer's expectation for it, b the prompt-response bonus. A customer never reached (abandoned, or no call attempt got through) scores at most the unserved score. Satisfaction feeds closing and referrals; the first contact's wait acts on conversion only through m(t), never again through c(S).";
    ScenarioText => "方案文件（JSON，可编辑全部参数）", "Scenario file (JSON: every parameter)";
    ScenarioTextHint => "修改后离开文本框即生效，校验错误会列在上方。", "Changes apply when you leave the text box; problems are listed above.";
    ScenarioValid => "方案有效，可以运行。", "The scenario is valid and ready to run.";
    ScenarioInvalid => "方案有问题", "The scenario has problems";
    ScenarioMissing => "该方案已不存在。", "That scenario no longer exists.";
    SweepPathMissing => "所选参数在方案中不存在。", "The chosen parameter is not in the scenario.";
    TabResults => "结果", "Results";
    TabCompare => "方案对比", "Compare";
    TabSweep => "参数扫描", "Sweep";
    Seed => "随机种子", "Seed";
    Replications => "重复次数", "Replications";
    TargetWidth => "目标区间半宽（首次响应，分钟）", "Target half-width (first response, min)";
    Run => "运行", "Run";
    RunCompare => "运行对比", "Run comparison";
    RunSweep => "运行扫描", "Run sweep";
    Cancel => "取消", "Cancel";
    Starting => "正在启动…", "Starting…";
    ReplicationsDone => "次重复", "replications";
    TimeLeft => "剩余", "time left";
    RunFailed => "运行失败，方案未改动，可重试：", "The run failed; the scenario is unchanged and can be rerun:";
    Finished => "已完成", "Finished";
    Refining => "计算中，区间逐步收窄", "Running: intervals narrowing";
    ComparePick => "选择 2–4 个方案（第一个为基准）", "Pick 2–4 scenarios (the first is the baseline)";
    Baseline => "基准", "baseline";
    PairedNote => "相同随机数下的配对差值（95% 置信区间）", "Paired differences on common random numbers (95 % intervals)";
    Kpi => "指标", "KPI";
    Better => "更好", "better";
    Worse => "更差", "worse";
    NoClearDifference => "无明显差异", "no clear difference";
    ClearDifference => "差异显著", "clear difference";
    SweepParameter => "扫描参数", "Parameter";
    From => "从", "From";
    To => "到", "To";
    Steps => "步数", "Steps";
    ResultsTabsLabel => "结果视图", "Result views";
    UnitDetails => "单元详情", "Unit details";
    UnitToEdit => "要编辑的单元", "Unit to edit";
    UnitTabsLabel => "单元参数分组", "Unit parameter groups";
    TabHours => "层级与营业时间", "Office and hours";
    TabShifts => "班次", "Shifts";
    TabService => "服务时间", "Service times";
    TabRoutes => "转派与升级", "Routes and escalation";
    AlwaysOpen => "全天候营业（不设营业时间）", "Always open (no opening hours)";
    OpenDays => "营业日", "Open days";
    Opens => "开门时间", "Opens";
    Closes => "关门时间", "Closes";
    ClockHint => "HH:MM，24 小时制（关门可为 24:00）", "HH:MM, 24-hour clock (closing may be 24:00)";
    ShiftsHint => "班次：一周中人数不同于基本人数的时段（同一单元的班次不得重叠）；班次之外按基本人数 {headcount} 人。班次只在营业时间内有人接待。", "Shifts: blocks of the week with another headcount than the base one (a unit's blocks must not overlap); outside every block the base headcount of {headcount} applies. A block only serves while the unit is open.";
    NoShifts => "暂无班次：全周按基本人数。", "No shifts: the base headcount all week.";
    AddShift => "添加班次", "Add shift block";
    ShiftBlock => "第 {n} 班次", "Shift block {n}";
    ShiftDays => "班次日", "Days of the block";
    ShiftFrom => "开始时间", "From";
    ShiftTo => "结束时间", "To";
    ShiftClockHint => "HH:MM，24 小时制；结束可为 24:00，班次不可跨午夜（开始须早于结束）。", "HH:MM, 24-hour clock; a block may end at 24:00 but cannot cross midnight (from before to).";
    CommitteeNoShifts => "委员会按会议周期开会，不设班次。", "A committee meets on its cadence and has no shifts.";
    CommitteeAt => "委员会开会时间", "Committee meets at";
    IsCommittee => "委员会：在定期会议上集中审批", "Committee: decides at its regular meetings";
    WeekCaption => "一周人员：营业时", "Staffing over the week: while open,";
    WeekPeople => "人", "people";
    WeekPersonHours => "人·小时 / 周", "person-hours a week";
    WeekClosed => "关闭", "closed";
    WeekNeverOpen => "该单元从不营业。", "This unit never opens.";
    WeekLegend => "每格半小时；颜色越深人越多，灰色为关闭时段。", "Each cell is half an hour; darker means more people, grey means closed.";
    DayMon => "周一", "Mon";
    DayTue => "周二", "Tue";
    DayWed => "周三", "Wed";
    DayThu => "周四", "Thu";
    DayFri => "周五", "Fri";
    DaySat => "周六", "Sat";
    DaySun => "周日", "Sun";
    TaskContact => "首次联系", "First contact";
    TaskConsult => "咨询与试驾", "Consultation";
    TaskDecision => "审批决策", "Decision";
    TaskNurture => "孵化跟进", "Nurture";
    TaskAfterSales => "售后服务", "After-sales";
    ServiceHint => "每项任务的服务时间（分钟）服从所选分布；单元只需设置它会收到的任务。", "Each task's service time (minutes) follows the chosen distribution; a unit needs only the tasks it receives.";
    DistributionKind => "分布类型", "Distribution";
    DistExponential => "指数分布", "exponential";
    DistLognormal => "对数正态分布", "lognormal";
    DistGamma => "伽马分布", "gamma";
    DistTriangular => "三角分布", "triangular";
    DistDeterministic => "固定值", "fixed value";
    DistEmpirical => "经验分布（样本）", "empirical (samples)";
    // Groups of inputs a difference between two scenarios is explained by.
    TabExplain => "归因", "Explain";
    RunExplain => "运行归因", "Explain";
    ExplainIntro => "B 与 A 的差异来自哪些输入？把两方案的差异分组（营业时间、人员、路径与 SLA……），在相同随机数上运行各组组合，以 Shapley 值分摊差异：各组贡献之和等于总差异。", "What makes B differ from A? The differences between the two scenarios are grouped (hours, headcount, routing and SLAs, …), every combination of groups is run on common random numbers, and the difference is shared among the groups by Shapley values: the contributions add up to the total.";
    ExplainBaseline => "A（基准）", "A (baseline)";
    ExplainCandidate => "B（对比）", "B (candidate)";
    ExplainKpi => "指标", "KPI";
    ExplainTotal => "总差异 B − A", "Total difference B − A";
    ExplainGroup => "输入组", "Input group";
    ExplainContribution => "贡献（95% 区间）", "Contribution (95 % interval)";
    ExplainPaths => "包含的字段", "Fields";
    ExplainExact => "精确 Shapley 值", "exact Shapley values";
    ExplainSampled => "抽样排列数", "sampled permutations";
    ExplainCoalitions => "个组合已运行", "combinations run";
    ExplainPairs => "次配对重复", "paired replications";
    ExplainPlanFailed => "无法为归因构建组合", "Could not build the combinations to explain";
    ExplainNothingDiffers => "两个方案的模型没有差异，无可归因", "The two scenarios do not differ: there is nothing to explain";
    ExplainChoose => "请选择两个不同的方案", "Choose two different scenarios";
    TabSensitivity => "敏感性", "Sensitivity";
    RunSensitivity => "运行敏感性分析", "Run sensitivity";
    SensitivityIntro => "每个数值输入各下调、上调一定百分比，与原方案在相同随机数上配对运行，按对所选指标的影响从大到小排列。", "Each numeric input is moved down and up by a percentage and run paired with the scenario on common random numbers; inputs are sorted by their effect on the chosen KPI, largest first.";
    SensitivityScenario => "方案", "Scenario";
    SensitivityRange => "变动幅度（±%）", "Range (± %)";
    SensitivityOnly => "只看这些字段（逗号分隔，留空为全部）", "Only these fields (comma-separated; empty for all)";
    SensitivityInput => "输入", "Input";
    SensitivityLowHigh => "低 / 原值 / 高", "Low / value / high";
    SensitivityEffectLow => "下调的影响", "Effect of low";
    SensitivityEffectHigh => "上调的影响", "Effect of high";
    SensitivityNotVaried => "个输入未变动（为 0、整数不变或变动后无效）", "inputs not varied (zero, a whole number the range leaves, or invalid when moved)";
    SensitivityNoInput => "没有数值输入位于", "No numeric input at";
    SensitivityNothing => "没有可变动的数值输入", "No numeric input to vary";
    SensitivityInputs => "个输入", "inputs";
    TabOptimise => "人员优化", "Optimise";
    RunOptimise => "运行人员优化", "Run optimisation";
    OptimiseIntro => "在所有目标以 95% 置信度达成的前提下，寻找所选组织成本最低的人员编制（有排班的按班次）。目标写作“指标>=值”或“指标<=值”，用分号分隔；比例用小数（0.8 = 80%），时长用分钟。每批候选方案在相同随机数上运行，完成后自动运行下一批。", "Finds the least-cost headcount of the chosen units (per shift block where they have shifts) that meets every target with 95 % confidence. Write targets as KPI>=value or KPI<=value separated by semicolons; shares as fractions (0.8 = 80 %), durations in minutes. Each batch of designs runs on common random numbers; the next batch starts when one finishes.";
    OptimiseTargets => "目标（分号分隔）", "Targets (separated by ;)";
    OptimiseVary => "调整的组织（逗号分隔，留空为前台全部）", "Units to vary (comma-separated; empty for the front office)";
    OptimiseDone => "优化已完成，没有更多候选方案", "The optimisation is done: no more designs to run";
    OptimiseSearching => "正在搜索", "Searching";
    OptimiseCancelled => "搜索已取消：评估了 {n} 个方案后停止，没有得出答案（以下为已评估的方案）。再次运行将重新开始搜索。", "Search cancelled after {n} designs, without an answer (the designs evaluated so far are below). Run starts a new search.";
    OptimiseDesigns => "个方案已评估", "designs evaluated";
    OptimiseFeasible => "全部目标达成", "every target met";
    OptimiseInfeasible => "未能达成全部目标（给出最接近的方案）", "not every target met (the closest design found)";
    OptimiseCost => "所调组织的人力成本", "staff cost of the varied units";
    OptimiseLimited => "已达评估上限（400 个方案）", "stopped at the limit of 400 designs";
    OptimiseHeadcount => "成本最低的人员编制", "Least-cost headcount";
    OptimiseUnit => "组织 / 班次", "Unit / shift block";
    OptimisePeople => "人数", "People";
    OptimiseTargetsMet => "目标与该方案的指标（95% 区间）", "Targets and the design's KPIs (95 % interval)";
    OptimiseTarget => "（目标）", "(target)";
    OptimiseAllKpis => "该方案的全部指标（均值与 95% 区间）", "Every KPI of this design (mean and 95 % interval)";
    OptimisePath => "搜索路径", "Search path";
    OptimiseDesignMet => "目标达成", "targets met";
    OptimiseDesignNotMet => "未达成", "not met";
    OptimiseStepStart => "起点", "start";
    OptimiseStepAscent => "加人", "ascent";
    OptimiseStepTrim => "减人", "trim";
    OptimiseSave => "另存为新方案", "Save as a new scenario";
    OptimiseSaved => "已将优化后的方案加入方案库", "Added the optimised scenario to the library";
    TabFit => "拟合数据", "Fit to data";
    FitIntro => "导入 CRM 线索日志（CSV：lead_id、created_at 必填；source、grade、link、first_contact_at、qualified_at、order_at、channel、lost_at 可选），拟合出方案：每天线索量、时段与星期分布、级别构成、耐心、响应衰减、成交率，各附 95% 区间与一条注明文件、行数与日期范围的假设。文件只在本浏览器中读取，不会上传。", "Import a CRM lead log (CSV: lead_id and created_at required; source, grade, link, first_contact_at, qualified_at, order_at, channel, lost_at optional) and fit a scenario to it: leads per day, hour and weekday profiles, grade mix, patience, the response decay and close rates, each with a 95 % interval and an assumption naming the file, rows and dates. The file is read in this browser and never uploaded.";
    FitStartFrom => "基于方案", "Start from";
    FitTemplate => "最小模板", "A minimal template";
    FitZone => "无时区时间的时区（如 +08:00）", "Zone of times without one (e.g. +08:00)";
    FitChoose => "选择线索日志（CSV）", "Choose a lead log (CSV)";
    FitReading => "正在读取并拟合……", "Reading and fitting…";
    FitFailed => "无法拟合：", "Cannot fit:";
    FitBadZone => "时区应为 Z 或 ±HH:MM，而不是", "A zone is Z or ±HH:MM, not";
    FitRows => "行有效", "valid rows";
    FitBadRows => "行有误（已剔除，按行号列出）", "bad rows (left out, listed by line)";
    FitDays => "天", "days";
    FitAdd => "将拟合方案加入方案库", "Add the fitted scenario to the library";
    FitAdded => "已加入拟合方案：", "Added the scenario fitted to";
    FitQuantities => "拟合值（95% 区间、方法、观测数）", "Fitted values (95 % interval, method, observations)";
    FitField => "字段", "Field";
    FitValue => "值", "Value";
    FitInterval => "95% 区间", "95 % interval";
    FitMethod => "方法", "Method";
    FitNotFitted => "日志无法说明的部分", "What the log could not tell";
    SensitivityModeRange => "逐个输入 ±%", "One input at a time (± %)";
    SensitivityModeUncertain => "不确定输入", "Uncertain inputs";
    RunUncertainty => "运行不确定性分析", "Run uncertain inputs";
    UncertaintyIntro => "方案为部分输入给出区间（最小 / 最可能 / 最大）。每次重复从各区间（三角分布）各抽一次，并与“全部取最可能值”的方案在相同随机数上配对运行：分别给出仅来自随机性、仅来自输入不确定性以及两者合计的区间。", "The scenario gives some inputs a range (min / most likely / max). Each replication draws every range once (triangular) and runs paired with the scenario at its most likely values on common random numbers: the KPI's band from chance alone, from the ranges alone, and from both.";
    UncertaintyNone => "此方案没有给出不确定输入。用下方表单为输入给出区间，或在方案文件中加入 `uncertainty` 列表（每项：input 字段路径、min、most_likely、max、source）。", "This scenario states no uncertain inputs. State a range with the form below, or add an `uncertainty` list to the scenario file (each item: input field path, min, most_likely, max, source).";
    UncertaintyRanges => "方案给出的输入区间", "The scenario's input ranges";
    UncertaintyMinModeMax => "最小 / 最可能 / 最大", "Min / most likely / max";
    UncertaintySource => "依据", "Source";
    UncertaintyReplications => "次重复，每次各抽一次", "replications, each drawing every range once";
    UncertaintyAdd => "为一个输入给出区间", "State a range for an input";
    UncertaintyAddButton => "添加区间", "Add the range";
    UncertaintyMin => "最小", "Min";
    UncertaintyMostLikely => "最可能", "Most likely";
    UncertaintyMax => "最大", "Max";
    UncertaintyJudgement => "判断（或数据来源）", "judgement (or where it comes from)";
    UncertaintyBadRange => "区间须满足 最小 ≤ 最可能 ≤ 最大，且最小 < 最大", "A range needs min ≤ most likely ≤ max, with min < max";
    UncertaintyFrom => "区间来源", "Interval from";
    UncertaintyMean => "均值", "Mean";
    UncertaintyBand => "2.5%–97.5% 区间", "2.5–97.5 % band";
    UncertaintySd => "标准差", "SD";
    UncertaintyRandomness => "随机性（输入取最可能值）", "randomness (inputs at most likely)";
    UncertaintyInputs => "输入不确定性（配对差）", "input uncertainty (paired differences)";
    UncertaintyBoth => "两者合计", "both";
    UncertaintyShift => "区间使均值偏移（抽样 − 最可能值）", "Mean shift from the ranges (drawn − most likely)";
    UncertaintyDrivers => "哪个区间驱动波动（与配对差的秩相关）", "Which range drives the spread (rank correlation with the paired difference)";
    UncertaintyCorrelation => "秩相关", "Rank correlation";
    GroupStructure => "组织结构（新增、删除或更名的组织、来源、级别、链路、渠道及其引用）", "structure (units, sources, grades, links or channels added, removed or renamed, and what names them)";
    GroupHours => "营业时间", "opening hours";
    GroupHeadcount => "人员编制", "headcount";
    GroupServiceTimes => "服务时长与技能", "service times and skills";
    GroupRouting => "分配路径与 SLA", "routing and SLAs";
    GroupAuthority => "授权与委员会", "authority and committees";
    GroupHandoffs => "One-ID 与转交", "One-ID and hand-offs";
    GroupChannelMix => "渠道结构", "channel mix";
    GroupPrices => "价格与漏斗", "prices and funnel";
    GroupRemarketing => "再营销与车主", "re-marketing and owners";
    GroupDemand => "线索来源与需求", "sources and demand";
    GroupSatisfaction => "满意度权重", "satisfaction weights";
    GroupCosts => "成本", "costs";
    GroupHorizon => "仿真时长", "horizon";
    ParamMean => "均值", "mean";
    ParamCv => "变异系数 CV", "coefficient of variation";
    ParamMin => "最小值", "minimum";
    ParamMode => "最可能值", "most likely";
    ParamMax => "最大值", "maximum";
    ParamValue => "取值", "value";
    ParamValues => "样本值（逗号分隔）", "sample values (comma-separated)";
    NotServed => "本单元不处理此任务", "not handled by this unit";
    AddServiceTime => "添加服务时间", "Add service time";
    Remove => "移除", "Remove";
    DescriptionAndAssumptions => "说明与假设", "Description and assumptions";
    NotesHint => "写下方案的用意，以及每个参数的依据或假设和来源，研讨会上可据此核对数字。", "Say what the scenario is for, and write down the source or assumption behind its parameters, so a workshop can check the numbers.";
    DescriptionEnglish => "说明（英文）", "Description (English)";
    DescriptionChinese => "说明（中文）", "Description (Chinese)";
    AssumptionsTitle => "假设与来源", "Assumptions and sources";
    Assumption => "假设", "Assumption";
    InEnglish => "英文", "English";
    InChinese => "中文", "Chinese";
    AssumptionCovers => "涵盖字段", "Covers";
    AssumptionSource => "来源", "Source";
    AddAssumption => "添加假设", "Add an assumption";
    AssumptionsFull => "最多 100 条假设", "At most 100 assumptions";
    Routes => "转派", "Routes";
    RouteTo => "转至", "To";
    Probability => "概率", "Probability";
    AddRoute => "添加转派", "Add route";
    NoRoutes => "暂无转派：服务完成后线索离开本单元。", "No routes: leads leave after service here.";
    RoutesHint => "服务完成后，线索按概率转至其他单元；概率之和 ≤ 1，其余线索离开。", "After service here a lead moves on with these probabilities; they add up to at most 1, the rest leave.";
    EscalateTo => "超出权限时升级至", "Escalates beyond its authority to";
    NoneOption => "— 无 —", "— none —";
    Actions => "操作", "Actions";
    EntryUnit => "入口单元", "Entry unit";
    BreachUnit => "超时改派至", "Breach unit";
    BreachNothing => "不处理", "nothing";
    BreachCount => "仅计数", "count only";
    BreachReroute => "改派", "re-route";
    RoutingRules => "线索归属规则", "Routing rules";
    RoutingHint => "按顺序匹配，第一条匹配的规则决定线索归属的链路；无匹配时使用来源的链路。未勾选表示任意。", "Rules are tried in order; the first that matches decides which link owns the lead, else the source's link. Nothing ticked means any.";
    NoRules => "暂无规则：线索归属其来源的链路。", "No rules: each lead belongs to its source's link.";
    Rule => "规则", "Rule";
    Grades => "等级", "Grades";
    Sources => "来源列表", "Sources";
    AddRule => "添加规则", "Add rule";
    MoveUp => "上移", "Move up";
    MoveDown => "下移", "Move down";
    SourceDetails => "来源详情", "Source details";
    SourceToEdit => "要编辑的来源", "Source to edit";
    SourceTabsLabel => "来源参数分组", "Source parameter groups";
    TabSourceLink => "链路与等级结构", "Link and grade mix";
    TabHourly => "按小时分布", "By hour";
    TabWeekly => "按星期分布", "By weekday";
    TabCampaigns => "营销活动", "Campaigns";
    OwnGradeMix => "该来源使用自己的等级结构（%）", "This source has its own grade mix (%)";
    HourlyProfileOn => "到达量随时段变化（24 个权重）", "Arrivals vary by hour of day (24 weights)";
    WeekdayProfileOn => "到达量随星期变化（7 个权重）", "Arrivals vary by weekday (7 weights)";
    ProfileHint => "权重会归一化为平均值 1：2 表示该时段的线索是平均水平的两倍。", "Weights are normalised to a mean of 1: 2 means twice the average arrivals.";
    Hour => "时", "hour";
    StartDay => "开始日", "Start day";
    EndDay => "结束日", "End day";
    Multiplier => "倍数", "Multiplier";
    AddCampaign => "添加活动", "Add campaign";
    NoCampaigns => "暂无营销活动。", "No campaigns.";
    CampaignsHint => "第 0 天为周一；活动期间到达率乘以倍数。", "Day 0 is a Monday; arrivals are multiplied during a campaign.";
    SectionDistributions => "其他时间分布", "Other time distributions";
    SectionReferences => "漏斗中的单元与来源", "Funnel units and sources";
    DistPatience => "耐心（分钟，超时未联系即流失）", "patience (minutes until the lead gives up)";
    DistTransferDelay => "转交延迟（分钟）", "transfer delay (minutes)";
    DistPickup => "接单延迟（分钟，线索进入到可被联系）", "pick-up delay (minutes from arrival until the link can call)";
    DistIncubation => "孵化时长（天）", "incubation (days)";
    DistAfterSalesDelay => "订单到售后请求（天）", "order to after-sales request (days)";
    DistReferralDelay => "转介绍延迟（天）", "referral delay (days)";
    DistDwell => "流量池停留（天）", "dwell in the traffic pool (days)";
    AddPatience => "设置耐心", "Add patience";
    AddTransferDelay => "设置转交延迟", "Add transfer delay";
    AddPickup => "设置接单延迟", "Add pick-up delay";
    FieldDecisionExpected => "客户对审批的期望等待（分钟）", "expected decision wait (minutes)";
    FieldMaxCycles => "最多再营销轮数", "most re-marketing cycles";
    FieldAfterSalesExpected => "售后期望响应（分钟）", "after-sales expected response (minutes)";
    DecisionLevel => "决策级别", "decision level";
    ChannelKind => "渠道类型", "Channel kind";
    ChannelUnit => "渠道单元", "Channel unit";
    KindAuthorisedDealer => "授权经销商", "authorised dealer";
    KindDirectStore => "品牌直营店", "brand direct store";
    KindOnlineDirect => "线上直销", "online direct";
    RemarketingUnit => "再营销单元", "Re-marketing unit";
    AfterSalesUnit => "售后单元", "After-sales unit";
    ReferralSource => "转介绍线索来源", "Referral lead source";
    BuildOrganisation => "搭建组织", "Build the organisation";
    BuildHint => "在此添加、重命名或移除单元、线索来源、等级、链路和渠道。重命名会同步更新所有引用；移除单元时，指向它的转派和升级一并移除，其他引用由校验提示，可修改或撤销（Ctrl+Z）。新单元沿用前台第一个单元的每小时人力成本和营业时间（没有单元设成本时为每小时 60 元），不会是 0 成本、全天营业。", "Add, rename or remove units, lead sources, grades, links and channels here. A new name follows into every reference; removing a unit also removes the routes and escalations to it, and the validator points at any other reference to fix or undo (Ctrl+Z). A new unit takes the staff cost per hour and the opening hours of the front office's first unit (¥60 an hour where no unit has a cost), never 0 and 24/7.";
    KeepOneHint => "方案至少需要一个单元、一个线索来源、一个等级和一个渠道，因此最后一个不能移除。", "A scenario needs at least one unit, lead source, grade and channel, so the last one cannot be removed.";
    ItemName => "名称", "Name";
    FramedNotice => "为安全起见，orgflow 不能在其他网页的框架中运行。", "For your safety, orgflow does not run inside another page's frame.";
    OpenDirectly => "直接打开 orgflow", "Open orgflow directly";
    LinksList => "链路", "Links";
    ChannelsList => "渠道", "Channels";
    AddUnit => "添加单元", "Add unit";
    AddSource => "添加线索来源", "Add lead source";
    AddGrade => "添加等级", "Add grade";
    AddLink => "添加链路", "Add link";
    AddChannel => "添加渠道", "Add channel";
    NoneYet => "暂无。", "None yet.";
    // Calibration: the back-test of a scenario fitted to a lead log.
    BacktestObserved => "日志实测", "observed (log)";
    BacktestSimulated => "模拟", "simulated";
    BacktestAll => "全部线索", "all leads";
    BacktestCannotReproduce => "模型无法复现的内容", "What the model cannot reproduce";
    EventsTitle => "导出模拟的事件日志", "Export a simulated event log";
    EventsIntro => "用当前随机种子运行所选方案的一次重复，导出 CSV：事件日志每项活动一行（case_id、activity、unit、start、end、grade、source、link、channel，可用于流程挖掘工具）；线索日志每条线索一行，列与上方拟合读取的列相同。与命令行 orgflow events 的输出逐字节相同。", "Runs one replication of the chosen scenario on the current seed and exports it as CSV: the event log has a row per activity (case_id, activity, unit, start, end, grade, source, link, channel — for process-mining tools); the lead log has a row per lead in the columns the fit above reads. Byte for byte what orgflow events writes.";
    EventsScenario => "方案", "Scenario";
    EventsShape => "内容", "Contents";
    EventsShapeEvents => "事件日志（每项活动一行）", "Event log (a row per activity)";
    EventsShapeLeads => "线索日志（每条线索一行）", "Lead log (a row per lead)";
    EventsReplication => "重复序号", "Replication";
    EventsDownload => "导出 CSV", "Export CSV";
    BacktestRun => "回测：模拟拟合方案并与日志比较", "Back-test: simulate the fitted scenario and compare with the log";
    BacktestRunning => "正在回测", "Back-testing";
    BacktestTitle => "回测", "Back-test";
    BacktestObservedLeads => "条实测线索", "observed leads";
    BacktestExportJson => "导出 JSON（与命令行相同）", "Export JSON (as the CLI writes it)";
    BacktestBySegment => "按级别与来源", "By grade and by source";
    BacktestSegment => "分组", "Segment";
    BacktestFigure => "指标", "Figure";
    BacktestOverlap => "95% 区间重叠", "95 % intervals overlap";
    BacktestGrade => "级别", "grade";
    BacktestSource => "来源", "source";
    BacktestLink => "链路", "Link";
    BacktestAllLinks => "全部链路", "all links";
    BacktestWasserstein => "Wasserstein（分钟）", "Wasserstein (min)";
    BacktestDistance => "首次响应分布的距离（KS、Wasserstein）", "distance of the first-response distributions (KS, Wasserstein)";
    FigureLeadsPerDay => "每日线索数", "leads per day";
    FigureContacted15 => "15 分钟内联系", "contacted within 15 min";
    FigureContacted60 => "60 分钟内联系", "contacted within 60 min";
    FigureContacted24h => "24 小时内联系", "contacted within 24 h";
    FigureAbandonment => "未联系即流失", "lost before contact";
    FigureQualification => "合格率", "qualification rate";
    FigureConversion => "转化率（订单/线索）", "conversion (orders / leads)";
    FigureFirstResponseP50 => "首次响应 P50（分钟）", "first response P50 (min)";
    FigureFirstResponseP90 => "首次响应 P90（分钟）", "first response P90 (min)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_translated_in_both_languages() {
        for &key in ALL_TEXTS {
            for lang in Lang::ALL {
                assert!(
                    !lang.text(key).trim().is_empty(),
                    "{key:?} empty in {lang:?}"
                );
            }
            // A string identical in both tables is almost always a missed translation;
            // the language switch itself is the deliberate exception.
            if key != Text::SwitchLanguage {
                assert_ne!(
                    Lang::Zh.text(key),
                    Lang::En.text(key),
                    "{key:?} untranslated"
                );
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
