from bancheng.domain.ratings import AppealState, ReviewOutcome, ReviewState

REVIEW_STATE_CHOICES = [(s.value, s.label) for s in ReviewState]
REVIEW_OUTCOME_CHOICES = [(o.value, o.label) for o in ReviewOutcome]
APPEAL_STATE_CHOICES = [(s.value, s.label) for s in AppealState]
