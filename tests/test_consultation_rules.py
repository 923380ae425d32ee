"""The consultation rules of topics.toml and the survey-link rules of links.py, one behaviour per case.

Each case is a short page we wrote, shaped like what the 2021 corpus shows (the hand labels in
tests/labels/ say which real pages taught it); the expected value is what a journalist would want.
"""

import pytest

from crawler.extraction import extract_notice, load_rules

URL = "https://www.dorset.police.uk/news-information-centre/news/story/"
RULES = load_rules()


def page(title, *paragraphs, extra=""):
    body = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang=en><head><title>{title} | Dorset Police</title>"
        '<meta property="article:published_time" content="2021-02-15T10:00:00+00:00"></head>'
        f"<body><main><article><h1>{title}</h1><p>15 February 2021</p>{body}{extra}</article></main>"
        "</body></html>"
    ).encode()


def extract(title, *paragraphs, **kw):
    return extract_notice(page(title, *paragraphs, **kw), URL, rules=RULES)


FILLER = (
    "Officers attended the address in Weymouth on Saturday evening and spoke to residents about the "
    "incident, which is being treated as isolated. "
)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # an action that asks someone is an invitation, wherever it stands in the story...
        ("Please take some time to complete the Your Police survey.", True),
        ("Anyone is invited to complete a survey about the Section 60 orders in Croxteth.", True),
        ("Complete the survey at the link below.", True),
        (
            "Residents can help by taking part in Nottinghamshire Police's ‘what matters’ neighbourhood policing "
            "priority survey.",
            True,
        ),
        ("We would like as many people as possible to take part in the survey before it closes.", True),
        ("Click here to complete the survey.", True),
        ("Take the survey here.", True),
        ("Visit bit.ly/ourviews to take part in the survey.", True),
        ("Submit your comments on the draft plan by 5 March.", True),
        ("The questionnaire is available online until the end of the month.", True),
        # ...the same words that ask nobody are a story
        ("She initially refused, but then agreed to take part in a survey and was driven away.", False),
        ("Officers worked with them to complete a questionnaire to assess employment conditions.", False),
        # a self-assessment quiz is not a consultation
        ("Find out if your relationship is healthy by taking a short online survey.", False),
        # a witness appeal's "we want to hear from you" is not a consultation
        ("If you saw what happened, we want to hear from you. Call 101.", False),
        ("We want to hear from people who were on that stretch of road around the time of the collision.", False),
        ("If you have dash cam footage, I would like you to get in touch on 101.", False),
        ("I would urge you to fill out the application and become part of the Constabulary family.", False),
        # the public in the third person are invited when someone invites or enables them...
        ("Residents in Ware are being invited to have their say on local policing priorities.", True),
        ("Residents of the town can have their say on what the police should focus on.", True),
        ("We urge all local people to have their say on our proposals.", True),
        ("I encourage all local residents to provide their views so these can be taken into account.", True),
        # ...not when the sentence reports what they did or could do
        ("Participatory budgeting is a tool where the community get to have their say over a budget.", False),
        ("Members of the public were asked to give their feedback about the scheme via an online survey.", False),
        ("I would like to thank everyone who took the time to submit their views.", False),
        ("Last month, we asked you to complete a survey about our days of action.", False),
        ("You are being asked to complete the survey about our days of action.", True),
        ("The fund makes sure that victims of crime have a say in what decisions are made.", False),
    ],
)
def test_invitations_need_someone_to_ask(sentence, expected):
    rec = extract("Update on an incident in Weymouth", FILLER * 3, sentence)
    assert rec["is_consultation"] is expected, rec["consultation_cues"]


@pytest.mark.parametrize(
    "title, paragraphs",
    [
        (
            "Independent Advisory Group is looking for new members",
            [
                "It's important that you have a say in the way we police your area, so I'd like to invite you to "
                "become a member of our Independent Advisory Group."
            ],
        ),
        (
            "Police seek citizens to help scrutinise the force",
            ["We are seeking people to have their say in how their force operates by joining a key committee."],
        ),
        ("Beware of census scams", ["We encourage people to complete the census online, and never to pay anyone."]),
        ("RU2Drunk Pilot: Results", ["Thank you to everyone who gave their feedback in our online survey."]),
        (
            "Thanks to Woolton residents for feedback on Dispersal Orders",
            ["You can tell us what you think through our website."],
        ),
        (
            "Parkside consultation findings",
            ["More than 900 people took part in the public consultation. You can still fill out an online survey."],
        ),
        (
            "More commemorative items will stay in the county after consultation",
            ["The items were moved after a public consultation last year."],
        ),
        (
            "New policing priorities set for St Albans",
            ["These priorities have been set following feedback from residents. Have your say at any time."],
        ),
    ],
)
def test_recruitment_results_and_outcomes_are_not_consultations(title, paragraphs):
    rec = extract(title, FILLER, *paragraphs)
    assert rec["is_consultation"] is False, rec["consultation_cues"]


def test_a_headline_that_invites_keeps_the_flag_despite_a_closed_note():
    rec = extract(
        "New uniform - tell us what you think",
        FILLER,
        "This survey has now closed. Thank you to everyone who took part.",
        "We want your views on the design of the new uniform.",
    )
    assert rec["is_consultation"] is True


def test_an_invitation_at_the_very_end_asks_for_views_but_is_not_the_notice_purpose():
    # closing lines are not discounted: a force's repeated sign-offs are learned instead. Since extractor
    # version 4 a survey plugged at the end of a story about something else asks for views, but the notice
    # is not a consultation notice.
    rec = extract(
        "Police urge people to protect our beautiful county",
        FILLER * 6,
        "The Office of the Police and Crime Commissioner is running a survey seeking residents' "
        "views on anti-social behaviour. To have your say go here.",
    )
    assert (rec["asks_for_views"], rec["is_consultation"]) == (True, False)
    # the same survey in the headline is the notice's purpose
    rec = extract(
        "Have your say on anti-social behaviour",
        FILLER * 6,
        "The Office of the Police and Crime Commissioner is running a survey seeking residents' "
        "views on anti-social behaviour. To have your say go here.",
    )
    assert (rec["asks_for_views"], rec["is_consultation"]) == (True, True)


SURVEY_PAGE = "Have your say on policing priorities in Hertsmere"


def test_short_links_written_without_a_scheme_or_with_www():
    rec = extract(
        SURVEY_PAGE,
        FILLER,
        "You can use our feedback service echo - bit.ly/police-hm.",
        '<p>Go to <a href="https://www.bit.ly/police-lb">www.bit.ly/police-lb</a> to submit your feedback.</p>',
    )
    assert {(s["url"], s["provider"]) for s in rec["survey_links"]} == {
        ("https://bit.ly/police-hm", "shortlink"),
        ("https://www.bit.ly/police-lb", "shortlink"),
    }


def test_links_of_a_list_are_read_after_its_lead_in():
    rec = extract(
        SURVEY_PAGE,
        FILLER,
        "You can give your views anonymously now via the Constabulary's "
        "feedback service echo, using the following links:",
        '<ul><li><strong>Borehamwood</strong> - <a href="https://bit.ly/police-bw">bit.ly/police-bw</a></li>'
        '<li><strong>Bushey</strong> - <a href="https://bit.ly/police-bushey">click here</a></li></ul>',
        '<p>Read more about <a href="https://bit.ly/herts-news">our news</a>.</p>',
    )
    assert [s["url"] for s in rec["survey_links"]] == ["https://bit.ly/police-bw", "https://bit.ly/police-bushey"]


def test_the_sentence_before_a_link_says_what_it_is():
    rec = extract(
        SURVEY_PAGE,
        FILLER,
        "You can also use echo to give your views on local policing. Just go to "
        '<a href="https://bit.ly/police-whwest">click here</a> and tell us what matters.',
    )
    assert [s["url"] for s in rec["survey_links"]] == ["https://bit.ly/police-whwest"]


def test_a_campaign_site_offered_to_answer_a_survey_but_not_a_force_page():
    rec = extract(
        "Have your say about the future of policing",
        FILLER,
        "Go to www.futurepolicing.co.uk for more information about the proposed merger and to complete the survey.",
        "Find out more at www.dorset.police.uk and complete the survey there.",
    )
    assert [(s["url"], s["provider"]) for s in rec["survey_links"]] == [("https://www.futurepolicing.co.uk/", "other")]


def test_a_known_platform_link_is_not_dropped_for_a_website_mention_in_the_block_before():
    rec = extract(
        "Op Target: 16 arrested following day of activity",
        FILLER,
        "To find out more about #OpTarget, please visit our website: https://www.merseyside.police.uk/optarget",
        '<p><strong>PLEASE ALSO SHARE YOUR THOUGHTS HERE: <a href="https://www.surveymonkey.co.uk/r/nthlpool">'
        "click here</a></strong></p>",
    )
    assert [s["provider"] for s in rec["survey_links"]] == ["surveymonkey"]
    # and homeofficesurveys with www is SmartSurvey's
    rec = extract(
        "Could you nominate a police volunteer for an award?",
        FILLER,
        '<p>Nominations can be submitted via <a href="https://www.homeofficesurveys.homeoffice.gov.uk/s/x">'
        "this online form</a>.</p>",
    )
    assert [s["provider"] for s in rec["survey_links"]] == ["smartsurvey"]


def test_label_lines_of_links_share_the_lead_in_before_the_first():
    rec = extract(
        "What do you think your local police should focus on in Watford?",
        FILLER,
        "The town is split into three teams, and each area has its own echo feedback link.",
        '<p><strong>Watford Town Centre</strong>: <a href="https://bit.ly/police-watcen">bit.ly/police-watcen</a></p>',
        '<p><strong>Watford North</strong>: <a href="https://bit.ly/police-watnth">bit.ly/police-watnth</a></p>',
        "Chief Inspector Ian Grout said the team would publish its priorities in the spring.",
        '<p>Photos: <a href="https://bit.ly/watford-photos">bit.ly/watford-photos</a></p>',
    )
    assert [s["url"] for s in rec["survey_links"]] == ["https://bit.ly/police-watcen", "https://bit.ly/police-watnth"]


def test_a_written_out_url_is_read_in_its_own_paragraph():
    # "To complete the survey, visit …/survey" must not make the organisation's home page a survey
    rec = extract(
        "Just one week left to take part in the rural crime survey",
        FILLER,
        "To complete the survey, visit www.nationalruralcrimenetwork.net/survey",
        "For more information on the network visit www.nationalruralcrimenetwork.net",
    )
    assert [s["url"] for s in rec["survey_links"]] == ["https://www.nationalruralcrimenetwork.net/survey"]


@pytest.mark.parametrize(
    "title, paragraphs, expected",
    [
        # talk about a consultation, with nobody asked, is not one...
        (
            "Chief constable makes operational case for council tax increase",
            [
                "Following the completion of extensive public consultation involving more than 8,000 residents, the chief "
                "constable will outline the case for investment.",
                "Overview of public consultation carried out by the Police and Crime Commissioner.",
            ],
            False,
        ),
        (
            "Statement on rebranding proposals",
            ["We will continue with our plans to launch our public consultation later this year."],
            False,
        ),
        (
            "Constabulary release findings report on proposals to build new police hub",
            ["The consultation gave people the opportunity to explore the plans and provide their feedback."],
            False,
        ),
        # ...a survey that is open now is, however it is put
        (
            "Your views on policing",
            [
                "The commissioner has today, Monday 16 December, launched a public survey to find out the views of residents."
            ],
            True,
        ),
        (
            "Law enforcement helping people guard against cyber crime",
            ["North Yorkshire Police is carrying out a survey to help us understand the fear of cybercrime."],
            True,
        ),
        (
            "Force joins partner agencies to bring down organised criminals",
            [
                "The Your Dorset survey was launched on Monday 9 October and runs until Wednesday 4 November.",
                "You can find the survey here.",
            ],
            True,
        ),
        (
            "Wishing our communities a merry Christmas",
            ["If you have a free couple of minutes, please visit my survey at www.dorsetpoliceprecept.com."],
            True,
        ),
        (
            "Public consultation on policing future now open",
            ["The plan sets out how policing will change over the next ten years."],
            True,
        ),
        # "your views matter" is a value, not an ask
        (
            "Officers and council team up to tackle rural crime",
            ["Please sign up to our messaging system Neighbourhood Link, where your views can influence priorities."],
            False,
        ),
        # a headline that speaks to the reader invites by itself; one that names a survey does not
        ("What do you think your local police should focus on?", ["Each area has its own feedback link."], True),
        (
            "Victim Satisfaction Survey",
            [
                "This information is for victims who have been contacted by the force to take part in a survey.",
                "Do I have to complete the survey? The survey is voluntary.",
            ],
            False,
        ),
    ],
)
def test_talk_about_a_consultation_is_not_an_invitation(title, paragraphs, expected):
    rec = extract(title, FILLER, *paragraphs)
    assert rec["is_consultation"] is expected, rec["consultation_cues"]


def test_a_channel_open_at_any_time_is_not_a_consultation():
    # a standing feedback channel ("tell us at any time") is how to reach the police, not a time-bound consultation
    rec = extract(
        "Meet your local officers this weekend",
        FILLER,
        "Alternatively, you can tell us your thoughts at any time by visiting our feedback page.",
    )
    assert rec["is_consultation"] is False, rec["consultation_cues"]
    assert rec["asks_for_views"] is True  # it still asks for views: a channel, not a consultation
    rec = extract(
        "Meet your local officers this weekend",
        FILLER,
        "Please tell us your thoughts on the new patrol plan by visiting our feedback page before 1 March.",
    )
    assert rec["is_consultation"] is True, rec["consultation_cues"]
    rec = extract(
        "Meet your local officers this weekend",
        FILLER,
        "You can share your views on the new patrol plan at any time before the survey closes on 1 March.",
    )
    assert rec["is_consultation"] is True, rec["consultation_cues"]


def test_notes_to_editors_and_about_sections_are_background():
    story = ["School pupils help a charity launch a new road safety project in Warwickshire.", FILLER * 3]
    about = [
        "<p><strong>About the Police and Crime Commissioner</strong></p>",
        "The Commissioner's role is to listen to the views of the public. To contact the Commissioner or give "
        "your views on crime and community safety, please get in touch via the website.",
    ]
    rec = extract("School pupils launch road safety project", *story, *about)
    # no consultation cue, but the notice's own text asks for views (the force does not repeat it: no sign-off)
    assert (rec["asks_for_views"], rec["is_consultation"]) == (True, False), rec["consultation_cues"]
    assert (
        extract("School pupils launch road safety project", *story, "<h2>Notes to editors</h2>", about[1])[
            "is_consultation"
        ]
        is False
    )
    # notes that point to a survey's findings ask nobody
    rec = extract(
        "Officer safety review published",
        *story,
        "<h2>Notes to editors</h2>",
        "The findings of the National Safety Survey can be found here.",
    )
    assert rec["asks_for_views"] is False, rec["consultation_cues"]
    # the same words in the story itself ask for views (its purpose stays the road safety project)
    rec = extract("School pupils launch road safety project", *story, about[1])
    assert (rec["asks_for_views"], rec["is_consultation"]) == (True, False)
    # and an "About the survey" heading at the top of a consultation is not background
    rec = extract(
        "Rural crime survey",
        "<p><strong>About the survey</strong></p>",
        "Please give your views on rural crime by completing the survey before 1 March.",
        FILLER,
    )
    assert rec["is_consultation"] is True


def test_a_feedback_link_offered_in_other_words():
    rec = extract(
        SURVEY_PAGE,
        FILLER,
        "You can give your local police instant, anonymous feedback about crime "
        "where you live by visiting www.bit.ly/police-welhat",
    )
    assert [s["url"] for s in rec["survey_links"]] == ["https://www.bit.ly/police-welhat"]


@pytest.mark.parametrize(
    "pattern, words",
    [
        ("have your say", {"have"}),
        ("(has|have)( [\\w,]+){0,4} (launched|opened)", {"has", "have"}),
        ("(a|b)( c)? x", {"a", "b"}),
        # when a match could start with other letters, no words are promised (the phrase is always searched)
        ("(a|b)(c|d) x", None),
        ("(a|b)( c|d) x", None),
        ("llenwi('r| yr) arolwg", None),
    ],
)
def test_first_words_are_the_words_every_match_starts_with(pattern, words):
    from crawler.extraction.topics import first_words

    assert first_words(pattern) == (frozenset(words) if words else None)


@pytest.mark.parametrize(
    "title, paragraphs, expected",
    [
        # Welsh pages of bilingual forces (no Welsh consultation is in the 2021 corpus: these are written from the
        # forms Welsh uses, mutations included)
        (
            "Heddlu yn annog y cyhoedd i gymryd rhan mewn arolwg cenedlaethol",
            [
                "Mae'r heddlu yn annog y cyhoedd i gymryd rhan mewn arolwg cenedlaethol am ANPR.",
                "Mae'r arolwg yn cau ar 7 Mawrth 2021. I gwblhau'r arolwg cliciwch yma.",
            ],
            True,
        ),
        ("Dweud eich dweud ar gynllun yr heddlu", ["Mae'r comisiynydd wedi cyhoeddi cynllun newydd."], True),
        (
            "Cynllun newydd i'r heddlu",
            ["Mae trigolion yn cael eu gwahodd i rannu eu barn ar y cynllun cyn diwedd y mis."],
            True,
        ),
        (
            "Cyfarfod craffu'r comisiynydd",
            ["Mae'r comisiynydd yn gwahodd y cyhoedd i anfon eu cwestiynau cyn y cyfarfod."],
            True,
        ),
        ("Siarad Sir Gaerhirfryn", ["Rydym eisiau clywed beth sy'n bwysig i chi."], True),
        (
            "Dewch i gwrdd â'ch swyddogion lleol",
            ["Mae swyddogion yn cynnal sesiynau galw heibio i roi cyfle i chi godi eich pryderon."],
            True,
        ),
        (
            "Canlyniadau'r arolwg ar blismona yn y gymdogaeth",
            ["Diolch i bawb a gymerodd ran yn yr arolwg. Mae'r canlyniadau yn dangos bod trigolion yn poeni am yrru."],
            False,
        ),
        (
            "Heddlu yn cefnogi wythnos diogelwch ar y ffyrdd",
            ["Roedd arolwg gan y Gymdeithas Bêl-droed yn dangos bod ugain y cant wedi gweld camdriniaeth."],
            False,
        ),
    ],
)
def test_welsh_invitations(title, paragraphs, expected):
    rec = extract(title, FILLER, *paragraphs)
    assert rec["is_consultation"] is expected, rec["consultation_cues"]


@pytest.mark.parametrize(
    "title, paragraphs, asks",
    [
        # the headline reports an outcome: not a consultation notice, but an invitation in it still asks for views
        (
            "New priorities set for Ware",
            [
                "The Safer Neighbourhood Team have set new priorities for the next three months.",
                "You can still have your say on what we should focus on next by visiting our feedback page.",
            ],
            True,
        ),
        (
            "Thanks to Woolton residents for feedback on dispersal orders",
            ["You can tell us what you think through our website or the polls we run."],
            True,
        ),
        ("You said, we did: East Herts", ["Residents are encouraged to have their say via the links below."], True),
        # a headline that recruits decides against both: "have your say" by joining a group is no call for views
        (
            "Police are launching a youth independent advisory group",
            ["It is a chance to have your say and gain an insight into what police do."],
            False,
        ),
        (
            "Derbyshire Constabulary are now recruiting for Independent Advisory Groups",
            ["Could you share your experience and expertise to help build trust with diverse communities?"],
            False,
        ),
        # a survey platform link alone is no invitation (an award nomination form on SmartSurvey)
        (
            "Could you nominate a police volunteer for an award?",
            ['<p>Nominations can be made via <a href="https://www.smartsurvey.co.uk/s/awards">this form</a>.</p>'],
            False,
        ),
    ],
)
def test_an_outcome_headline_decides_the_purpose_not_whether_views_are_asked(title, paragraphs, asks):
    rec = extract(title, FILLER, *paragraphs)
    assert (rec["asks_for_views"], rec["is_consultation"]) == (asks, False), rec["consultation_cues"]


@pytest.mark.parametrize(
    "title, paragraphs",
    [
        # a mention made of hyphenated words still names a launch ("as we launch a county-wide consultation")
        (
            "Residents urged to shape policing in their community",
            [
                "Residents across the county are being asked to help shape policing as we launch a county-wide "
                "consultation with communities.",
                FILLER * 3,
                "We want your feedback and we will use it.",
            ],
        ),
        # an open survey described with a comma in between ("a survey has been created, which is open to everyone")
        (
            "Equality outcomes 2021-2025",
            [
                FILLER,
                "An electronic survey has been created, which is open to everyone, to submit their thoughts.",
                FILLER * 2,
            ],
        ),
        # "we want to hear what matters to you" invites
        ("Derbyshire Talking", ["We want to hear what matters to you.", FILLER * 4]),
        # meetings and events held to hear views
        (
            "Public invited to ask questions in advance of scrutiny meeting",
            ["The commissioner has invited the public to send in questions about the agenda items.", FILLER * 3],
        ),
        (
            "Brew with a Bobby!",
            [
                "Officers are holding virtual drop-in sessions to give you the chance to raise your concerns.",
                FILLER * 3,
            ],
        ),
        (
            "Widnes residents to decide how funding will be spent",
            [
                "Residents are invited to attend a participatory budget event and vote on how they want £15,000 to be "
                "spent.",
                FILLER * 3,
            ],
        ),
    ],
)
def test_invitations_in_other_words(title, paragraphs):
    rec = extract(title, *paragraphs)
    assert (rec["asks_for_views"], rec["is_consultation"]) == (True, True), rec["consultation_cues"]


@pytest.mark.parametrize(
    "sentence",
    [
        "If you have information about the robbery, please call 101.",
        "Residents raised concerns about speeding on the road last year.",
        "Officers answered questions from the press about the investigation.",
        # an open day's or a Q&A's questions and an appeal's concerns ask for no views
        "Viewers can submit questions to the officers during the virtual open day.",
        "Anyone who is worried can raise any concerns with officers on patrol.",
        # nor does a chance reported in the past
        "The victim was very grateful to have the opportunity to voice their concerns.",
        # nor one offered to nobody (the sentence ends at the quote's close: the next one's residents are not asked)
        'He said: "We hope the week of action will offer an opportunity to raise any concerns." Residents can call 101.',
    ],
)
def test_the_event_words_need_someone_asked(sentence):
    rec = extract("Update on an incident in Weymouth", FILLER * 3, sentence)
    assert rec["asks_for_views"] is False, rec["consultation_cues"]


def test_an_invitation_that_starts_in_the_first_half_states_the_purpose():
    # the invitation runs past the middle of the notice but starts before it: the notice exists to ask
    story = "Officers will host a discussion on hate crime at the university this evening, as part of Pride. " * 5
    rec = extract(
        "Police host Hate Crime Discussion as part of Pride",
        story[:-1],
        "We want to hear your views on how we can inform our response to hate crime.",
        FILLER * 2,
    )
    assert (rec["asks_for_views"], rec["is_consultation"]) == (True, True), rec["consultation_cues"]
    # the same invitation after a long story about something else is a plug
    rec = extract(
        "Police host Hate Crime Discussion as part of Pride",
        story,
        FILLER * 4,
        "We want to hear your views on how we can inform our response to hate crime.",
    )
    assert (rec["asks_for_views"], rec["is_consultation"]) == (True, False), rec["consultation_cues"]


@pytest.mark.parametrize(
    "paragraph, url",
    [
        # a force page offered right where the sentence sends the reader to answer
        (
            "The survey takes a few minutes and is available for members of the public to complete online at "
            "www.nottinghamshire.police.uk/whatmatters",
            "https://www.nottinghamshire.police.uk/whatmatters",
        ),
        (
            "To have a say, people can take the #WhatMatters Survey at: https://www.nottinghamshire.police.uk/what-matters",
            "https://www.nottinghamshire.police.uk/what-matters",
        ),
        (
            "To enter the survey, please visit: www.NottsAlert.co.uk/SaferStreets1.",
            "https://www.nottsalert.co.uk/SaferStreets1",
        ),
        ("To complete the survey, please visit: https://ask.warwickshire.gov.uk/", "https://ask.warwickshire.gov.uk/"),
        (
            "Visit www.nottsalert.co.uk/speeding to take part in the speeding survey.",
            "https://www.nottsalert.co.uk/speeding",
        ),
        (
            "Please let us know of your experiences by responding to our rural crime survey at "
            "http://www.ruralcrimenetwork.net/",
            "http://www.ruralcrimenetwork.net/",
        ),
        # sites written without a scheme or "www."
        (
            "To have your say and to find out more, visit lancashire.police.uk/lancashire-talking",
            "https://lancashire.police.uk/lancashire-talking",
        ),
        (
            "Through a dedicated website at hertfordshiresexualabuseconsultation.com you are encouraged to share your views.",
            "https://hertfordshiresexualabuseconsultation.com/",
        ),
        # a closing quote pasted into the link's address is not part of it
        (
            '<p>Please respond to our rural crime survey at <a href="http://www.ruralcrimenetwork.net/.”">'
            "the network's site</a>.</p>",
            "http://www.ruralcrimenetwork.net/",
        ),
    ],
)
def test_survey_pages_offered_where_the_sentence_asks(paragraph, url):
    rec = extract("Have your say on local policing", FILLER, paragraph)
    assert [s["url"] for s in rec["survey_links"]] == [url], rec["survey_links"]


@pytest.mark.parametrize(
    "paragraph",
    [
        # a force's or the government's home page is information; so is a page offered for something else
        "To complete the survey, please visit www.herts.police.uk and search for echo.",
        "Complete the survey, and for more about our work see www.dorset.police.uk/about-us/our-work in the meantime.",
        # an address in an email or a sentence that asks nothing
        "Email any questions to SNTWatford@herts.pnn.police.uk and a member of the team will reply.",
        "You can report information online at herts.police.uk/report.",
    ],
)
def test_pages_not_offered_to_answer_are_not_survey_links(paragraph):
    rec = extract("Have your say on local policing", FILLER, paragraph)
    assert rec["survey_links"] == [], rec["survey_links"]


def test_a_site_written_without_a_scheme_is_a_link_once():
    rec = extract(
        "Update on an incident in Weymouth",
        FILLER,
        "Report it online at dorset.police.uk/report or "
        "visitwww.northyorkshire.police.uk/contact, or email team@dorset.police.uk.",
    )
    assert rec["links"] == ["https://dorset.police.uk/report", "https://www.northyorkshire.police.uk/contact"]


# --- the rules as types: a cue's kind decides, never its weight or how it is displayed -----------------------


def test_a_mention_weighed_like_an_invitation_still_invites_nobody(tmp_path):
    """A rules file may weigh mentions as much as invitations (mention_weight = 1): a story that only talks
    of a consultation still neither is one nor asks for views (before cues had kinds, weight 1.0 meant
    "invites")."""
    from crawler.extraction.topics import BUILTIN_RULES, CueKind

    text = BUILTIN_RULES.read_text(encoding="utf-8").replace("mention_weight = 0.7", "mention_weight = 1")
    assert "mention_weight = 1\n" in text
    (tmp_path / "rules.toml").write_text(text, encoding="utf-8")
    rules = load_rules(tmp_path / "rules.toml")
    assert {c.weight for c in rules.cues if c.kind is CueKind.MENTION} == {1.0}
    title, story = "Budget set for next year", FILLER + "The council ran a public consultation last autumn. " + FILLER
    for r in (RULES, rules):
        rec = extract_notice(page(title, story), URL, rules=r)
        assert any(c.startswith("body: public consultation") for c in rec["consultation_cues"])
        assert (rec["is_consultation"], rec["asks_for_views"]) == (False, False)


def test_every_consultation_phrase_has_a_kind_and_compiles():
    from crawler.extraction.topics import CUE_KEYS, CueKind

    kinds = {c.kind for c in RULES.cues}
    assert kinds == set(CueKind) == set(CUE_KEYS.values())
    assert all(c.where == ("title",) for c in RULES.cues if c.kind is CueKind.TITLE)
