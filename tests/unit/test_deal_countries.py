"""Deals: a country is chosen by its name, stored as its ISO 3166-1 alpha-2 code."""


def test_every_assigned_country_has_a_name_to_choose_it_by():
    from chalicelib.domain.deals import COUNTRIES, country_choices, country_names

    assert set(country_names()) == COUNTRIES
    choices = dict(country_choices())
    assert choices["DE"] == "Germany (DE)" and choices["GE"] == "Georgia (GE)"
    labels = [label for _, label in country_choices()]
    assert labels == sorted(labels, key=str.casefold)
