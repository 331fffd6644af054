use serde::Serialize;

/// The official 权力类型, in the order the national format lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OfficialType {
    Licensing,
    Penalty,
    Coercion,
    Levy,
    Payment,
    Inspection,
    Confirmation,
    Reward,
    Adjudication,
    Other,
    PublicService,
}

impl OfficialType {
    pub const ALL: [OfficialType; 11] = [
        OfficialType::Licensing,
        OfficialType::Penalty,
        OfficialType::Coercion,
        OfficialType::Levy,
        OfficialType::Payment,
        OfficialType::Inspection,
        OfficialType::Confirmation,
        OfficialType::Reward,
        OfficialType::Adjudication,
        OfficialType::Other,
        OfficialType::PublicService,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OfficialType::Licensing => "行政许可",
            OfficialType::Penalty => "行政处罚",
            OfficialType::Coercion => "行政强制",
            OfficialType::Levy => "行政征收",
            OfficialType::Payment => "行政给付",
            OfficialType::Inspection => "行政检查",
            OfficialType::Confirmation => "行政确认",
            OfficialType::Reward => "行政奖励",
            OfficialType::Adjudication => "行政裁决",
            OfficialType::Other => "其他行政权力",
            OfficialType::PublicService => "公共服务",
        }
    }

    /// The two-letter abbreviation used in item codes by government systems (XK, CF ...).
    pub fn letters(self) -> &'static str {
        match self {
            OfficialType::Licensing => "XK",
            OfficialType::Penalty => "CF",
            OfficialType::Coercion => "QZ",
            OfficialType::Levy => "ZS",
            OfficialType::Payment => "GF",
            OfficialType::Inspection => "JC",
            OfficialType::Confirmation => "QR",
            OfficialType::Reward => "JL",
            OfficialType::Adjudication => "CJ",
            OfficialType::Other => "QT",
            OfficialType::PublicService => "FW",
        }
    }
}

/// Local types real lists use that are not official and have no certain official equivalent.
/// They are kept as written and reported as warnings, never silently remapped.
pub const LOCAL_TYPES: [&str; 5] = ["行政调解", "审核转报", "非行政许可审批", "行政备案", "其他权力事项"];

/// A 权力类型 as the publisher wrote it, and the official type where the mapping is certain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PowerType {
    pub raw: String,
    pub official: Option<OfficialType>,
}

impl PowerType {
    /// Maps spellings seen in real files ("行政 处罚", "行政\n确认", "行政处罚类", "其他职权")
    /// to the official type; anything else keeps `official: None`.
    pub fn parse(raw: &str) -> PowerType {
        let folded: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let folded = folded.trim_end_matches("事项").trim_end_matches('类');
        let official = OfficialType::ALL.into_iter().find(|t| t.name() == folded).or(match folded {
            "其他职权" | "其他权力" | "其它行政权力" | "其他" => Some(OfficialType::Other),
            "公共服务事项" | "服务事项" => Some(OfficialType::PublicService),
            "行政征用" => None,
            _ => None,
        });
        PowerType { raw: raw.to_string(), official }
    }

    /// The label pages group by: the official name, else what was written.
    pub fn label(&self) -> &str {
        self.official.map(OfficialType::name).unwrap_or(&self.raw)
    }

    pub fn is_local(&self) -> bool {
        self.official.is_none() && LOCAL_TYPES.iter().any(|t| *t == self.raw.trim())
    }

    /// Sort key: official types in official order, local types after them.
    pub fn order(&self) -> usize {
        self.official.map(|t| t as usize).unwrap_or(OfficialType::ALL.len())
    }

    /// The official type whose name is closest to what was written, for "did you mean".
    pub fn closest_official(&self) -> OfficialType {
        let folded: String = self.raw.chars().filter(|c| !c.is_whitespace()).collect();
        let mut best = OfficialType::Other;
        let mut best_score = -1.0;
        for t in OfficialType::ALL {
            let score = strsim::normalized_levenshtein(&folded, t.name());
            if score > best_score {
                best = t;
                best_score = score;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_real_spellings_to_official_types() {
        assert_eq!(PowerType::parse("行政 处罚").official, Some(OfficialType::Penalty));
        assert_eq!(PowerType::parse("行政\n确认").official, Some(OfficialType::Confirmation));
        assert_eq!(PowerType::parse("其他职权").official, Some(OfficialType::Other));
        assert_eq!(PowerType::parse("行政调解").official, None);
        assert!(PowerType::parse("行政调解").is_local());
        assert_eq!(PowerType::parse("行政处法").closest_official(), OfficialType::Penalty);
        assert_eq!(PowerType::parse("行政 处罚").raw, "行政 处罚");
    }
}
