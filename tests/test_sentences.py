"""The one sentence splitter (crawler/extraction/sentences.py) the classifier and the sign-off learner share."""

from crawler.extraction.sentences import bounds, sentences


def test_sentences_end_at_stops_before_a_space_and_at_line_ends():
    text = 'Visit bit.ly/herts-echo to say more. It costs £1.25 a month!\nTell us "now." Officers said'
    assert sentences(text) == [
        "Visit bit.ly/herts-echo to say more.",
        "It costs £1.25 a month!",
        'Tell us "now."',
        "Officers said",
    ]


def test_no_sentences_in_nothing():
    assert sentences("") == [] and sentences(None) == [] and sentences(" \n \n") == []


def test_bounds_of_the_sentence_holding_a_phrase():
    text = "The road is closed. Please complete the survey at bit.ly/x today. Thanks."
    start = text.index("complete")
    left, right = bounds(text, start, start + len("complete"))
    assert text[left:right].strip() == "Please complete the survey at bit.ly/x today"


def test_bounds_look_back_only_so_far():
    text = "x" * 400 + " complete the survey."
    start = text.index("complete")
    assert bounds(text, start, start + 8, reach=300) == (start - 300, len(text) - 1)
