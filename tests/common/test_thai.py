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
