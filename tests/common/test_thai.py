"""The Thai calendar and clock as the app shows them (ita.common.thai)."""


def test_dates_and_times_are_shown_with_the_buddhist_era_in_thai_time(monkeypatch):
    import datetime as dt

    from ita.common.thai import ENV_TIMEZONE, be_date, be_datetime

    assert be_date(dt.date(2021, 3, 31)) == "2564-03-31" and be_date(None) == ""
    stored = dt.datetime(2026, 11, 29, 20, 5, 9)  # stored moments are UTC, without a zone
    assert be_datetime(stored) == "2569-11-30 03:05"  # Bangkok is UTC+7: already the next day
    assert be_datetime(stored, seconds=True) == "2569-11-30 03:05:09"
    assert be_datetime(stored.replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))) == "2569-11-29 20:05"
    monkeypatch.setenv(ENV_TIMEZONE, "UTC")
    assert be_datetime(stored) == "2569-11-29 20:05"  # one setting for every time the app shows


def test_dates_are_read_as_thai_offices_type_them():
    import datetime as dt

    import pytest

    from ita.common.thai import be_date, parse_date

    day = dt.date(2026, 11, 29)
    for typed in (
        "2569-11-29",  # as the app shows it
        "2026-11-29",
        "29/11/2569",
        "29-11-2569",
        "29/11/69",
        "29 พ.ย. 2569",
        "29 พ.ย.69",
        "29 พย 2569",
        "29 พฤศจิกายน 2569",
        "29 พ.ย. พ.ศ. 2569",
        "๒๙ พ.ย. ๒๕๖๙",
        " 29\u200b/11/2569 ",
    ):
        assert parse_date(typed) == day, typed
    assert parse_date(be_date(dt.date(2024, 2, 29))) == dt.date(2024, 2, 29)  # what is shown reads back
    for wrong in ("31/02/2569", "2569-13-01", "29 พฤศ 2569", "พรุ่งนี้", "", "29/11"):
        with pytest.raises(ValueError):
            parse_date(wrong)


def test_english_says_one_thing_in_the_singular_and_thai_needs_no_plural():
    from ita.common.text import t

    assert t("narrative_below_pass", "en", count=1, mark="85") == "1 indicator is below 85."
    assert t("narrative_below_pass", "en", count=3, mark="85") == "3 indicators are below 85."
    assert t("narrative_below_pass", "th", count=1, mark="85") == "มีตัวชี้วัดที่ได้ต่ำกว่า 85 คะแนน 1 ตัวชี้วัด"


def test_today_is_the_offices_date_not_the_servers(monkeypatch):
    """At 21:40 UTC on 7 December it is already 8 December in Bangkok (the default zone, ``ITA_TIMEZONE``)."""
    import datetime as dt

    from ita.common import thai

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            moment = dt.datetime(2026, 12, 7, 21, 40, tzinfo=dt.UTC)
            return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)

    monkeypatch.setattr(thai.dt, "datetime", Clock)
    monkeypatch.delenv("ITA_TIMEZONE", raising=False)
    assert thai.local_today() == dt.date(2026, 12, 8)
    monkeypatch.setenv("ITA_TIMEZONE", "UTC")
    assert thai.local_today() == dt.date(2026, 12, 7)
