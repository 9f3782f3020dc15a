"""All tables, one file each; importing this module registers them on Base.metadata."""

from draftroom.models.alternative import Alternative, AlternativeStatus
from draftroom.models.amendment import Amendment, AmendmentKind, AmendmentStatus
from draftroom.models.amendment_cosponsor import AmendmentCosponsor
from draftroom.models.amendment_round import AmendmentRound
from draftroom.models.amendment_translation import AmendmentTranslation
from draftroom.models.api_token import ApiToken
from draftroom.models.article import Article
from draftroom.models.article_version import ArticleVersion
from draftroom.models.base import Base
from draftroom.models.bracket import Bracket, BracketStatus
from draftroom.models.comment import Comment, CommentVisibility
from draftroom.models.comment_revision import CommentRevision
from draftroom.models.delegation import Delegation, DelegationKind
from draftroom.models.instrument import Instrument
from draftroom.models.journal_entry import JournalEntry, JournalHead
from draftroom.models.meeting import Meeting, MeetingStatus
from draftroom.models.meeting_decision import DecisionKind, MeetingDecision
from draftroom.models.meeting_speaker import MeetingSpeaker, SpeakerKind, SpeakerStatus
from draftroom.models.milestone import Milestone
from draftroom.models.milestone_version import MilestoneVersion
from draftroom.models.provision import Provision
from draftroom.models.provision_status import AgreementStatus, ProvisionStatus
from draftroom.models.sign_in_failure import SignInFailure
from draftroom.models.user import Role, User
from draftroom.models.user_session import UserSession
from draftroom.models.word_import import WordImport

__all__ = [
    "AgreementStatus",
    "Alternative",
    "AlternativeStatus",
    "Amendment",
    "AmendmentCosponsor",
    "AmendmentKind",
    "AmendmentRound",
    "AmendmentStatus",
    "AmendmentTranslation",
    "ApiToken",
    "Article",
    "ArticleVersion",
    "Base",
    "Bracket",
    "BracketStatus",
    "Comment",
    "CommentRevision",
    "CommentVisibility",
    "DecisionKind",
    "Delegation",
    "DelegationKind",
    "Instrument",
    "JournalEntry",
    "JournalHead",
    "Meeting",
    "MeetingDecision",
    "MeetingSpeaker",
    "MeetingStatus",
    "Milestone",
    "MilestoneVersion",
    "Provision",
    "ProvisionStatus",
    "Role",
    "SignInFailure",
    "SpeakerKind",
    "SpeakerStatus",
    "User",
    "UserSession",
    "WordImport",
]
