//! The columns a lead log may have, as one vocabulary.
//!
//! Why an enum: the parser, the fit, the event log's lead form, the README
//! and the app's column list all speak of the same ten words; a `match` on
//! [`Column`] makes the compiler point at each place a new column must be
//! handled, where string lists would drift apart.

/// One documented column of a lead log (one row per lead). Only
/// [`Column::LeadId`] and [`Column::CreatedAt`] are required; a log without
/// an optional column simply leaves the quantities that need it unfitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// The CRM's identifier of the lead (any text, not interpreted).
    LeadId,
    /// When the lead arrived (ISO 8601).
    CreatedAt,
    /// The lead source (a scenario source's name).
    Source,
    /// The lead grade (a scenario grade's name).
    Grade,
    /// The link that owned the lead (a scenario link's name).
    Link,
    /// First contact with the customer; empty when never contacted.
    FirstContactAt,
    /// When the lead qualified (became a prospect); empty when it did not.
    QualifiedAt,
    /// When the customer ordered; empty when they did not.
    OrderAt,
    /// The sales channel of a prospect (a funnel channel's name).
    Channel,
    /// When the lead was lost (gave up, unqualified, defeated); empty when
    /// it was not, or is still open.
    LostAt,
}

impl Column {
    /// Every column, in the order a lead log written by orgflow has them.
    pub const ALL: [Column; 10] = [
        Column::LeadId,
        Column::CreatedAt,
        Column::Source,
        Column::Grade,
        Column::Link,
        Column::FirstContactAt,
        Column::QualifiedAt,
        Column::OrderAt,
        Column::Channel,
        Column::LostAt,
    ];

    /// The header word of the column.
    pub fn key(self) -> &'static str {
        match self {
            Column::LeadId => "lead_id",
            Column::CreatedAt => "created_at",
            Column::Source => "source",
            Column::Grade => "grade",
            Column::Link => "link",
            Column::FirstContactAt => "first_contact_at",
            Column::QualifiedAt => "qualified_at",
            Column::OrderAt => "order_at",
            Column::Channel => "channel",
            Column::LostAt => "lost_at",
        }
    }

    /// The column a header word names (case and surrounding blanks
    /// ignored); `None` for a word that is not a lead-log column, which
    /// the parser ignores (CRM exports carry many more).
    pub fn parse(word: &str) -> Option<Column> {
        let word = word.trim();
        Column::ALL
            .into_iter()
            .find(|c| c.key().eq_ignore_ascii_case(word))
    }

    /// A log without this column cannot be read.
    pub fn required(self) -> bool {
        matches!(self, Column::LeadId | Column::CreatedAt)
    }

    /// The column holds a timestamp.
    pub fn is_time(self) -> bool {
        matches!(
            self,
            Column::CreatedAt
                | Column::FirstContactAt
                | Column::QualifiedAt
                | Column::OrderAt
                | Column::LostAt
        )
    }

    /// The column holds a name that the fit maps onto a scenario list.
    pub fn is_name(self) -> bool {
        matches!(
            self,
            Column::Source | Column::Grade | Column::Link | Column::Channel
        )
    }
}

/// The columns of the event-log form (one row per activity), which the
/// importer also reads: see [`super::events`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventColumn {
    CaseId,
    Activity,
    Unit,
    Start,
    End,
    Grade,
    Source,
    Link,
    Channel,
}

impl EventColumn {
    /// Every column, in the order `orgflow events` writes them.
    pub const ALL: [EventColumn; 9] = [
        EventColumn::CaseId,
        EventColumn::Activity,
        EventColumn::Unit,
        EventColumn::Start,
        EventColumn::End,
        EventColumn::Grade,
        EventColumn::Source,
        EventColumn::Link,
        EventColumn::Channel,
    ];

    pub fn key(self) -> &'static str {
        match self {
            EventColumn::CaseId => "case_id",
            EventColumn::Activity => "activity",
            EventColumn::Unit => "unit",
            EventColumn::Start => "start",
            EventColumn::End => "end",
            EventColumn::Grade => "grade",
            EventColumn::Source => "source",
            EventColumn::Link => "link",
            EventColumn::Channel => "channel",
        }
    }

    pub fn parse(word: &str) -> Option<EventColumn> {
        let word = word.trim();
        EventColumn::ALL
            .into_iter()
            .find(|c| c.key().eq_ignore_ascii_case(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_parses_back() {
        for column in Column::ALL {
            assert_eq!(Column::parse(column.key()), Some(column));
            assert_eq!(Column::parse(&column.key().to_uppercase()), Some(column));
        }
        for column in EventColumn::ALL {
            assert_eq!(EventColumn::parse(column.key()), Some(column));
        }
        assert_eq!(Column::parse("phone"), None);
        let required: Vec<_> = Column::ALL.into_iter().filter(|c| c.required()).collect();
        assert_eq!(required, [Column::LeadId, Column::CreatedAt]);
    }
}
