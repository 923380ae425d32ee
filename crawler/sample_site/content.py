"""What the sample site says: its forces and their notices, written for police-notices (short and original).

The one exception is Gwent's "Have your say on the use of ANPR in Gwent", the seed page this project
started from (shared/seed), put into our own markup. Paths are the notices' paths on the force's real
domain; the server serves each force under /<slug>/ and gives the real URL as canonical and og:url.
Times are UK wall-clock time ("YYYY-MM-DD HH:MM", or a date alone where the site shows no time).
"""

from dataclasses import dataclass

STATES = ("day1", "day2")


@dataclass(frozen=True)
class SiteForce:
    slug: str
    name: str
    area: str
    host: str  # the real host canonical URLs use
    domains: tuple
    family: str  # markup family: soh, wordpress, sharepoint, generic, drupal9, joomla4, govuk
    platform: str  # registry platform of the mirror entry
    listing: str  # news listing path
    contact: str
    campaign: str
    campaign_title: str
    campaign_body: tuple
    categories: tuple  # (slug, label)
    welsh_name: str | None = None
    welsh_listing: str | None = None  # Welsh news listing (Welsh forces)
    languages: tuple = ("en",)
    area_force: str | None = None  # a police and crime commissioner's site: the slug of its area's force

    @property
    def kind(self):
        """The registry kind of its mirror entry: a force's site, or a commissioner's (`pcc`)."""
        return "pcc" if self.area_force else "force"


@dataclass(frozen=True)
class Notice:
    force: str
    path: str
    title: str
    when: str  # UK local "YYYY-MM-DD HH:MM", or "YYYY-MM-DD"
    summary: str
    body: tuple  # paragraphs of HTML
    category: str = "news"
    lang: str = "en"
    added: str = "day1"  # first state the notice exists in
    removed: str | None = None  # state from which it answers 410 Gone
    edited: tuple | None = None  # the body from day2 on (an edit)
    old_path: str | None = None  # an earlier URL that 301-redirects here (linked in faults mode)
    fault: str | None = None  # "500x2", "slow" or "cp1252", active in faults mode
    consultation: bool | None = None  # whether it asks the public for views (default: filed under consultations)
    translation: str | None = None  # the path of the notice it translates (a Welsh page of an English one)

    def __post_init__(self):
        if self.consultation is None:
            object.__setattr__(self, "consultation", self.category in ("consultations", "have-your-say"))


def in_state(state, since, until=None):
    i = STATES.index(state)
    return STATES.index(since) <= i and (until is None or i < STATES.index(until))


FORCES = (
    SiteForce(
        slug="gwent",
        name="Gwent Police",
        area="Gwent",
        host="www.gwent.police.uk",
        domains=("gwent.police.uk",),
        family="soh",
        platform="soh",
        listing="/news/gwent/news/",
        contact="/contact/af/contact-us/",
        campaign="/police-forces/gwent-police/areas/au/about-us/anpr/",
        campaign_title="ANPR: how we use automatic number plate recognition",
        campaign_body=(
            "Automatic number plate recognition (ANPR) cameras read vehicle registration plates and check "
            "them against police databases.",
            "This page explains where the data goes, how long we keep it and who can see it. It is reviewed "
            "every year.",
        ),
        categories=(("appeals", "Appeals"), ("consultations", "Consultations")),
        languages=("en", "cy"),
    ),
    SiteForce(
        slug="dyfed-powys",
        name="Dyfed-Powys Police",
        area="Dyfed-Powys",
        host="www.dyfed-powys.police.uk",
        domains=("dyfed-powys.police.uk",),
        family="drupal9",
        platform="generic",
        listing="/news/dyfed-powys/news/",
        contact="/contact/af/contact-us/",
        campaign="/advice/advice-and-information/rs/road-safety/",
        campaign_title="Road safety in rural areas",
        campaign_body=(
            "Most serious collisions in our area happen on rural roads. Slow down on bends and give horse "
            "riders and cyclists room.",
        ),
        categories=(("appeals", "Appeals"), ("consultations", "Consultations")),
        welsh_name="Heddlu Dyfed-Powys",
        welsh_listing="/cy/newyddion/dyfed-powys/newyddion/",
        languages=("en", "cy"),
    ),
    SiteForce(
        slug="cheshire",
        name="Cheshire Constabulary",
        area="Cheshire",
        host="www.cheshire.police.uk",
        domains=("cheshire.police.uk",),
        family="joomla4",
        platform="generic",
        listing="/news/cheshire/news/",
        contact="/contact/af/contact-us/",
        campaign="/advice/advice-and-information/ca/campaigns/op-snap/",
        campaign_title="Send us your dash-cam footage",
        campaign_body=(
            "If you have recorded dangerous driving on a dash cam or helmet camera, you can send us the "
            "footage through our upload portal.",
        ),
        categories=(("appeals", "Appeals"), ("consultations", "Consultations")),
    ),
    SiteForce(
        slug="north-yorkshire",
        name="North Yorkshire Police",
        area="North Yorkshire",
        host="northyorkshire.police.uk",
        domains=("northyorkshire.police.uk",),
        family="wordpress",
        platform="wordpress",
        listing="/news/",
        contact="/contact/",
        campaign="/have-your-say/",
        campaign_title="Have your say",
        campaign_body=(
            "We want to hear what you think about policing in North Yorkshire. Current surveys are listed "
            "in our news section.",
            "You can also talk to your local neighbourhood team at one of their regular drop-in sessions.",
        ),
        categories=(("appeals", "Appeals"), ("roads", "Roads")),
    ),
    SiteForce(
        slug="durham",
        name="Durham Constabulary",
        area="Durham",
        host="www.durham.police.uk",
        domains=("durham.police.uk",),
        family="sharepoint",
        platform="sharepoint",
        listing="/news-and-events/Pages/default.aspx",
        contact="/Contact-Us/Pages/default.aspx",
        campaign="/Your-Area/Pages/ANPR.aspx",
        campaign_title="ANPR cameras in your area",
        campaign_body=(
            "We use ANPR cameras on main roads across County Durham and Darlington to find vehicles linked to crime.",
        ),
        categories=(("appeals", "Appeals"), ("have-your-say", "Have your say")),
    ),
    SiteForce(
        slug="avon-and-somerset",
        name="Avon and Somerset Police",
        area="Avon and Somerset",
        host="www.avonandsomerset.police.uk",
        domains=("avonandsomerset.police.uk",),
        family="generic",
        platform="generic",
        listing="/news/",
        contact="/contact/",
        campaign="/campaigns/operation-remedy/",
        campaign_title="Operation Remedy",
        campaign_body=(
            "Operation Remedy is our long-running crackdown on burglary and drug dealing. Since it began, "
            "officers have made hundreds of arrests.",
        ),
        categories=(("appeals", "Appeals"), ("consultations", "Consultations")),
    ),
    SiteForce(
        slug="hertfordshire",
        name="Hertfordshire Constabulary",
        area="Hertfordshire",
        host="www.herts.police.uk",
        domains=("herts.police.uk",),
        family="govuk",
        platform="generic",
        listing="/news-and-appeals/",
        contact="/contact-us/",
        campaign="/echo/",
        campaign_title="echo: tell us what matters where you live",
        campaign_body=(
            "echo is our community voice platform. It is always open: tell your local team what you think "
            "they should be working on.",
        ),
        categories=(("appeals", "Appeals"), ("consultations", "Consultations")),
    ),
    # A police and crime commissioner's own site: a publisher of its own, its notices its area's force's
    SiteForce(
        slug="north-yorkshire-pfcc",
        name="North Yorkshire Police, Fire and Crime Commissioner",
        area="North Yorkshire",
        host="www.northyorkshire-pfcc.gov.uk",
        domains=("northyorkshire-pfcc.gov.uk",),
        family="wordpress",
        platform="wordpress",
        listing="/news/",
        contact="/contact-us/",
        campaign="/police-and-crime-plan/",
        campaign_title="The police and crime plan",
        campaign_body=(
            "The police and crime plan sets out the Commissioner's priorities for policing in North Yorkshire "
            "and how the Chief Constable will be held to account for them.",
        ),
        categories=(("consultations", "Consultations"), ("plan", "Police and crime plan")),
        area_force="north-yorkshire",
    ),
)

_SEED_BODY = (
    "<strong>We are looking to get your thoughts around the use of automatic number plate recognition "
    "(ANPR) in Gwent.</strong>",
    "ANPR technology is used by police forces across the UK, including Gwent Police, to help detect, deter "
    "and disrupt criminality, including organised crime groups and terrorists.",
    "The registration plate cameras are governed by strict codes of practice. They are most commonly used "
    "to alert officers to stolen vehicles, vehicles that have been involved in crime or to help locate "
    "missing people. The data they collect can also be used in subsequent investigations.",
    "You've probably seen how ANPR works on TV programmes, or you may even use a petrol station or car park "
    "which uses the system to keep you safe. Just in case you haven't, we've got a short film to show how "
    "ANPR Is used.",
    "<strong>The video shows how West Midlands Police use ANPR to locate a missing person:</strong>",
    '<a href="https://www.youtube.com/watch?v=R_YsJMFjiOw&amp;feature=youtu.be">'
    "https://www.youtube.com/watch?v=R_YsJMFjiOw&amp;feature=youtu.be</a>",
    "ANPR is a vital tool to help us stay one step ahead of criminals and better protect our local communities.",
    "Your views play an important part in how we do this.",
    "This anonymous survey will only take a few minutes of your time to complete, but your views can have a "
    "long-lasting effect on how we use the technology.",
    "<strong>Complete the survey:</strong>",
    '<a href="https://westmidlandspolicepnn.researchfeedback.net/s.asp?k=160337245159">'
    "https://westmidlandspolicepnn.researchfeedback.net/s.asp?k=160337245159</a>",
)

NOTICES: tuple[Notice, ...] = (
    # --- Gwent (SOH) ---
    Notice(
        "gwent",
        "/news/gwent/news/news/2021/february/have-your-say-on-the-use-of-anpr-in-gwent/",
        "Have your say on the use of ANPR in Gwent",
        "2021-02-15 13:35",
        "We are looking to get your thoughts around the use of automatic number plate recognition (ANPR) in Gwent.",
        _SEED_BODY,
        category="consultations",
    ),
    Notice(
        "gwent",
        "/news/gwent/news/news/2021/february/man-charged-in-newport/",
        "Man charged following incident in Newport",
        "2021-02-12 09:12",
        "A 31-year-old man has been charged after a disturbance on Commercial Street.",
        (
            "A 31-year-old man from Newport has been charged with affray after a disturbance on Commercial "
            "Street on Wednesday night.",
            "He has been remanded in custody and will appear at Newport Magistrates' Court on Friday.",
            "Officers thank everyone who came forward with information.",
        ),
        category="appeals",
    ),
    Notice(
        "gwent",
        "/news/gwent/news/news/2021/february/anpr-helps-stop-car/",
        "ANPR helps officers stop uninsured car",
        "2021-02-10 16:40",
        "An ANPR camera alerted officers to an uninsured car on the A4042.",
        (
            "Roads policing officers stopped a car on the A4042 near Pontypool after an ANPR camera showed "
            "it had no insurance.",
            "The driver, a 45-year-old woman from Abergavenny, was reported for the offence and the car was seized.",
            "Every uninsured car taken off the road makes our roads safer for everyone.",
        ),
    ),
    Notice(
        "gwent",
        "/news/gwent/news/news/2021/march/appeal-for-witnesses-after-collision-on-the-a467/",
        "Appeal for witnesses after collision on the A467",
        "2021-03-03 11:20",
        "Officers are asking anyone who saw a collision near Risca on Tuesday to get in touch.",
        (
            "We are appealing for witnesses after a collision between a lorry and a motorbike on the A467 "
            "near Risca at about 5.30pm on Tuesday 2 March.",
            "The rider, a 52-year-old man, was taken to hospital with injuries that are not thought to be "
            "life-threatening.",
            "If you saw the collision or have dash-cam footage, please call 101 quoting log 2100071234.",
        ),
        category="appeals",
    ),
    Notice(
        "gwent",
        "/news/gwent/news/news/2021/january/commissioner-asks-residents-about-next-years-budget/",
        "Commissioner asks residents about next year's budget",
        "2021-01-08 10:00",
        "The Police and Crime Commissioner wants your views on the policing part of council tax.",
        (
            "The Police and Crime Commissioner for Gwent is asking residents how much they would be willing "
            "to pay towards policing through the council tax precept next year.",
            "The survey takes about five minutes and closes on Friday 29 January 2021.",
            'Take part in the <a href="https://www.smartsurvey.co.uk/s/GwentPrecept2021/">precept survey</a>.',
        ),
        category="consultations",
    ),
    Notice(
        "gwent",
        "/news/gwent/news/news/2021/april/stolen-van-recovered-after-anpr-alert-in-cwmbran/",
        "Stolen van recovered after ANPR alert in Cwmbran",
        "2021-04-20 08:45",
        "A van stolen in Bristol was found in Cwmbran hours later.",
        (
            "A van stolen from a driveway in Bristol overnight was recovered in Cwmbran on Tuesday morning "
            "after it passed an ANPR camera on the M4.",
            "Two men, aged 19 and 23, were arrested on suspicion of vehicle theft and remain in custody.",
        ),
        added="day2",
    ),
    # --- Dyfed-Powys (Drupal 9, with a Welsh translation) ---
    Notice(
        "dyfed-powys",
        "/news/dyfed-powys/news/2021/february/force-encourages-public-to-take-part-in-national-survey/",
        "Force encourages public to take part in national survey",
        "2021-02-16 14:02",
        "Dyfed-Powys Police is asking people for their views on number plate cameras.",
        (
            "Dyfed-Powys Police is encouraging the public to take part in a national survey about automatic "
            "number plate recognition, known as ANPR.",
            "The cameras help officers detect, deter and disrupt criminality on our roads, from drug "
            "couriers to drivers with no insurance.",
            "The survey is run by the National Police Chiefs' Council and closes on 7 March 2021.",
            'To complete the survey <a href="https://bit.ly/DPPanpr21">click here</a>.',
        ),
        category="consultations",
    ),
    Notice(
        "dyfed-powys",
        "/cy/newyddion/dyfed-powys/newyddion/2021/chwefror/heddlu-yn-annog-y-cyhoedd-i-gymryd-rhan-mewn-arolwg-cenedlaethol/",
        "Heddlu yn annog y cyhoedd i gymryd rhan mewn arolwg cenedlaethol",
        "2021-02-16 14:05",
        "Mae Heddlu Dyfed-Powys yn gofyn i bobl am eu barn ar gamerâu rhifau cerbydau.",
        (
            "Mae Heddlu Dyfed-Powys yn annog y cyhoedd i gymryd rhan mewn arolwg cenedlaethol am adnabod "
            "rhifau cerbydau yn awtomatig (ANPR).",
            "Mae'r camerâu yn helpu swyddogion i ganfod a rhwystro troseddu ar ein ffyrdd.",
            "Mae'r arolwg yn cau ar 7 Mawrth 2021.",
            'I gwblhau\'r arolwg <a href="https://bit.ly/DPPanpr21">cliciwch yma</a>.',
        ),
        category="consultations",
        lang="cy",
        translation="/news/dyfed-powys/news/2021/february/force-encourages-public-to-take-part-in-national-survey/",
    ),
    Notice(
        "dyfed-powys",
        "/news/dyfed-powys/news/2021/february/appeal-after-sheep-stolen-near-llandovery/",
        "Appeal after sheep stolen from farm near Llandovery",
        "2021-02-22 10:30",
        "Forty ewes were taken from a field over the weekend.",
        (
            "Forty Welsh Mountain ewes were stolen from a field near Llandovery between Saturday evening and "
            "Monday morning.",
            "Our rural crime team would like to hear from anyone who saw a livestock trailer in the area.",
            "Call 101 or report it online, quoting reference DPP/0193/22/02/2021.",
        ),
        category="appeals",
    ),
    Notice(
        "dyfed-powys",
        "/news/dyfed-powys/news/2021/march/disqualified-driver-jailed-after-camera-alert/",
        "Disqualified driver jailed after camera alert",
        "2021-03-05 15:50",
        "A banned driver was caught when an ANPR camera flagged his car in Newtown.",
        (
            "A disqualified driver has been jailed for 16 weeks after an ANPR camera flagged his car on the "
            "A483 in Newtown.",
            "He was already banned from driving for drink-driving and had no insurance.",
        ),
    ),
    Notice(
        "dyfed-powys",
        "/news/dyfed-powys/news/2021/march/missing-man-from-aberystwyth-found-safe/",
        "Missing man from Aberystwyth found safe",
        "2021-03-09 07:55",
        "Thank you to everyone who shared our appeal.",
        (
            "A 67-year-old man reported missing from Aberystwyth on Monday has been found safe and well.",
            "Thank you to everyone who shared our appeal.",
        ),
    ),
    # --- Cheshire (Joomla 4) ---
    Notice(
        "cheshire",
        "/news/cheshire/news/articles/2021/3/cctv-in-town-centres-have-your-say/",
        "CCTV in town centres: have your say",
        "2021-03-29 09:00",
        "The Commissioner wants to know what you think of public space CCTV.",
        (
            "The Police and Crime Commissioner is reviewing how CCTV cameras in town centres across Cheshire "
            "are paid for and run.",
            "Before deciding, he wants to hear from residents, businesses and visitors about where cameras "
            "help and where they could be improved.",
            'The consultation is open until 30 April 2021. <a href="https://consult.cheshire-pcc.gov.uk/cctv/review-2021/">'
            "Share your views on the consultation site</a>.",
        ),
        category="consultations",
    ),
    Notice(
        "cheshire",
        "/news/cheshire/news/articles/2021/3/appeal-following-burglary-in-crewe/",
        "Appeal following burglary in Crewe",
        "2021-03-25 18:20",
        "Jewellery and a laptop were taken from a house on Nantwich Road.",
        (
            "Officers are appealing for information after a burglary at a house on Nantwich Road, Crewe, "
            "between 2pm and 5pm on Wednesday 24 March.",
            "Jewellery and a laptop were taken.",
            "Anyone with information should call 101 quoting IML 981234.",
        ),
        category="appeals",
        edited=(
            "Officers are appealing for information after a burglary at a house on Nantwich Road, "
            "Crewe, between 2pm and 5pm on Wednesday 24 March.",
            "Jewellery and a laptop were taken.",
            "<strong>Update:</strong> a 27-year-old man from Crewe has been arrested on suspicion of "
            "burglary and released on bail while enquiries continue.",
            "Anyone with information should call 101 quoting IML 981234.",
        ),
    ),
    Notice(
        "cheshire",
        "/news/cheshire/news/articles/2021/3/number-plate-cameras-lead-to-arrest-of-burglary-suspects/",
        "Number plate cameras lead to arrest of burglary suspects",
        "2021-03-31 13:10",
        "Two men were arrested on the M56 after their car was picked up by cameras.",
        (
            "Two men suspected of a string of burglaries in Knutsford were arrested on the M56 after automatic "
            "number plate recognition cameras picked up their car.",
            "Officers found tools and a quantity of cash inside. Both men have been charged.",
        ),
    ),
    Notice(
        "cheshire",
        "/news/cheshire/news/articles/2021/4/officers-seize-cannabis-plants-in-warrington/",
        "Officers seize cannabis plants in Warrington",
        "2021-04-06 16:30",
        "More than 200 plants were found at a house in Orford.",
        (
            "Officers executing a warrant at a house in Orford, Warrington, found more than 200 cannabis "
            "plants growing in three bedrooms.",
            "A 34-year-old man has been arrested on suspicion of producing a controlled drug.",
        ),
        fault="500x2",
    ),
    Notice(
        "cheshire",
        "/news/cheshire/news/articles/2021/4/residents-asked-for-views-on-police-drones/",
        "Residents asked for views on police drones",
        "2021-04-12 11:00",
        "A short survey asks when officers should use drones.",
        (
            "Cheshire Constabulary uses drones to search for missing people, photograph crash scenes and "
            "support officers at large events.",
            "We want to know when you think drones should and should not be used, and what you expect from us "
            "on privacy.",
            'The survey closes on 10 May 2021: <a href="https://www.smartsurvey.co.uk/s/CheshireDrones/">'
            "complete the drones survey</a>.",
        ),
        category="consultations",
    ),
    # --- North Yorkshire's commissioner (WordPress): a precept consultation ---
    Notice(
        "north-yorkshire-pfcc",
        "/news/have-your-say-on-the-police-precept-for-2021-22/",
        "Have your say on the police precept for 2021/22",
        "2021-01-06 10:00",
        "How much would you pay towards policing in North Yorkshire next year?",
        (
            "Every year the Commissioner sets the part of your council tax that pays for policing: the police precept.",
            "Before setting it for 2021/22, the Commissioner wants to hear how much you would be willing to pay "
            "towards policing and what you want it spent on.",
            "The survey takes about five minutes and closes on 31 January 2021. "
            '<a href="https://www.smartsurvey.co.uk/s/NYPFCCprecept2122/">Have your say in the precept survey</a>.',
        ),
        category="consultations",
    ),
    Notice(
        "north-yorkshire-pfcc",
        "/news/commissioner-joins-rural-taskforce-on-patrol/",
        "Commissioner joins the rural taskforce on patrol",
        "2021-02-10 14:00",
        "A day with the officers who tackle farm theft and poaching.",
        (
            "The Commissioner spent a day with the rural taskforce, the officers who tackle farm theft, "
            "poaching and fly-tipping across the county.",
            "Rural crime is one of the priorities of the police and crime plan.",
        ),
        category="plan",
    ),
    Notice(
        "north-yorkshire-pfcc",
        "/news/new-funding-for-victims-of-domestic-abuse/",
        "New funding for victims of domestic abuse",
        "2021-02-24 11:30",
        "Two more independent advisers will support victims through the courts.",
        (
            "The Commissioner has funded two more independent domestic violence advisers, who support victims "
            "from their first report to the end of a trial.",
        ),
    ),
    Notice(
        "north-yorkshire-pfcc",
        "/news/commissioner-welcomes-new-rural-crime-officers/",
        "Commissioner welcomes new rural crime officers",
        "2021-03-03 09:15",
        "Six officers join the rural taskforce this spring.",
        (
            "Six new officers have joined the rural taskforce, paid for from this year's policing budget.",
            "They will be based in Malton, Thirsk and Skipton.",
        ),
        category="plan",
    ),
    Notice(
        "north-yorkshire-pfcc",
        "/news/commissioners-annual-report-published/",
        "Commissioner's annual report published",
        "2021-03-18 12:00",
        "What the police and crime plan achieved in its second year.",
        (
            "The Commissioner's annual report sets out what the police and crime plan achieved in its second "
            "year, from faster 101 answering to more officers in rural areas.",
        ),
        category="plan",
    ),
    # --- North Yorkshire (WordPress) ---
    Notice(
        "north-yorkshire",
        "/news/anpr-have-your-say/",
        "ANPR: Have your say",
        "2021-02-17 09:00",
        "Tell us what you think about automatic number plate recognition cameras.",
        (
            "We use automatic number plate recognition (ANPR) cameras across North Yorkshire to catch "
            "criminals who use our roads.",
            "A national survey is now asking the public what they think of the technology and how it should "
            "be used. Your views play an important part.",
            'The survey closes on 7 March 2021. <a href="https://nypolice.researchfeedback.net/s.asp?k=161355801234">'
            "Take part in the ANPR survey</a>.",
        ),
        category="roads",
        consultation=True,
    ),
    Notice(
        "north-yorkshire",
        "/news/precept-survey-results-published/",
        "Precept survey results published",
        "2021-03-05 12:00",
        "More than 4,000 people took part in this winter's survey.",
        (
            "The results of the Commissioner's precept survey have been published.",
            "More than 4,000 people took part, and most said they would support a small rise to keep "
            "neighbourhood officers on the streets.",
        ),
    ),
    Notice(
        "north-yorkshire",
        "/news/appeal-after-theft-in-malton/",
        "Appeal after theft of quad bike in Malton",
        "2021-03-08 16:05",
        "A red quad bike was taken from a farm building on Sunday night.",
        (
            "A red quad bike was stolen from a farm building near Malton overnight on Sunday 7 March.",
            "If you have been offered a quad bike for sale, or saw anything suspicious, please call 101 and "
            "quote reference 12210041234.",
        ),
        category="appeals",
        old_path="/news/quad-bike-stolen-malton/",
    ),
    Notice(
        "north-yorkshire",
        "/news/uninsured-driver-stopped-anpr-a64/",
        "Uninsured driver stopped thanks to ANPR on the A64",
        "2021-03-09 10:15",
        "An ANPR camera flagged a car on the A64 near Tadcaster as uninsured.",
        (
            "A driver was stopped on the A64 near Tadcaster on Monday evening after an ANPR camera flagged "
            "the car as uninsured.",
            "The driver was reported for driving without insurance and the car was seized.",
        ),
        category="roads",
    ),
    Notice(  # a notice titled in two words, as about 5% of real ones are: a listing links the title alone
        "north-yorkshire",
        "/news/fatal-collision-a1m/",
        "Fatal collision",
        "2021-02-16 07:45",
        "A man has died after a collision on the A1(M) near Leeming Bar.",
        (
            "A 64-year-old man from Northallerton died after a collision between a van and a lorry on the "
            "A1(M) near Leeming Bar early on Monday 15 February.",
            "Officers are asking anyone who saw the collision, or has dash-cam footage, to call 101 quoting "
            "reference 12210043210.",
        ),
        category="roads",
    ),
    Notice(
        "north-yorkshire",
        "/news/officers-target-mobile-phone-use-at-the-wheel/",
        "Officers target mobile phone use at the wheel",
        "2021-03-15 08:30",
        "A week of action on the county's roads starts today.",
        (
            "Roads policing officers are out in marked and unmarked vehicles this week looking for drivers "
            "using mobile phones.",
            "Using a hand-held phone while driving carries six penalty points and a £200 fine.",
        ),
        category="roads",
    ),
    # --- Durham (SharePoint) ---
    Notice(
        "durham",
        "/news-and-events/Pages/News%20Articles/Dog-walkers-asked-to-share-their-views.aspx",
        "Dog walkers asked to share their views",
        "2020-08-03",
        "Neighbourhood teams want to hear where dog walkers feel safe.",
        (
            "Dog walkers across County Durham and Darlington are being asked to take part in a short survey "
            "about how safe they feel on local paths and parks.",
            "Neighbourhood teams set up the survey after residents raised concerns about dog thefts.",
            'The survey closes on 31 August 2020. You can <a href="https://www.smartsurvey.co.uk/s/DurhamDogWalkers2020/">'
            "complete the survey online</a>.",
        ),
        category="have-your-say",
    ),
    Notice(
        "durham",
        "/news-and-events/Pages/News%20Articles/Man-charged-after-ANPR-stop.aspx",
        "Man charged after ANPR stop on the A1(M)",
        "2020-07-28",
        "Officers found cannabis worth £20,000 in the boot.",
        (
            "A man has been charged with possession with intent to supply after officers stopped his car "
            "on the A1(M) near Bowburn following an ANPR alert.",
            "Cannabis worth around £20,000 was found in the boot.",
        ),
    ),
    Notice(
        "durham",
        "/news-and-events/Pages/News%20Articles/Appeal-after-burglary-in-Chester-le-Street.aspx",
        "Appeal after burglary in Chester-le-Street",
        "2020-07-27",
        "Power tools were taken from a garage on Front Street.",
        (
            "Power tools were stolen from a garage on Front Street, Chester-le-Street, overnight on Sunday.",
            "Anyone with information is asked to call 101 quoting incident 123 of 26 July.",
        ),
        category="appeals",
        removed="day2",
    ),
    Notice(
        "durham",
        "/news-and-events/Pages/News%20Articles/Have-your-say-on-CCTV-in-Durham-city-centre.aspx",
        "Have your say on CCTV in Durham city centre",
        "2020-08-10",
        "Residents are asked where new cameras should go.",
        (
            "The council and Durham Constabulary are planning to replace and add CCTV cameras in Durham city centre.",
            "Residents, students and businesses are asked where cameras would make them feel safer.",
            'The consultation closes on 7 September 2020. <a href="https://www.surveymonkey.co.uk/r/DurhamCityCCTV">'
            "Answer the questions online</a>.",
        ),
        category="have-your-say",
    ),
    Notice(
        "durham",
        "/news-and-events/Pages/News%20Articles/Scam-warning-after-elderly-residents-targeted.aspx",
        "Scam warning after elderly residents targeted",
        "2020-08-12",
        "Callers pretending to be bank staff have tricked two pensioners.",
        (
            "Two elderly residents in Darlington have lost money to callers pretending to be from their bank.",
            "Your bank will never ask you to move money to a safe account. If in doubt, hang up and call "
            "the number on the back of your card.",
        ),
        fault="slow",
    ),
    # --- Avon and Somerset (own CMS) ---
    Notice(
        "avon-and-somerset",
        "/news/2021/01/your-views-on-policing-and-the-council-tax-precept/",
        "Your views on policing and the council tax precept",
        "2021-01-11 09:30",
        "The Police and Crime Commissioner wants to know whether you would pay more for policing next year.",
        (
            "The Police and Crime Commissioner wants to know whether you would pay more for policing next year.",
            "Each year the Commissioner sets the policing part of the council tax, known as the precept. She "
            "is asking residents to take part in a short online survey.",
            "The consultation is open until midnight on Sunday 31 January. To have your say, "
            '<a href="https://bit.ly/ASprecept21">click here</a>.',
        ),
        category="consultations",
    ),
    Notice(
        "avon-and-somerset",
        "/news/2021/01/appeal-after-serious-assault-in-bristol/",
        "Appeal after serious assault in Bristol",
        "2021-01-14 07:40",
        "A man in his 20s was seriously hurt on Stokes Croft.",
        (
            "A man in his 20s suffered serious head injuries in an assault on Stokes Croft, Bristol, at about "
            "1am on Thursday 14 January.",
            "Call 101 and give reference 5221009876 if you can help.",
        ),
        category="appeals",
    ),
    Notice(
        "avon-and-somerset",
        "/news/2021/01/drone-unit-finds-missing-walker-on-the-mendips/",
        "Drone unit finds missing walker on the Mendips",
        "2021-01-20 15:15",
        "The walker was found by a drone's thermal camera after dark.",
        (
            "A walker who became lost on the Mendip Hills was found by our drone unit using a thermal camera "
            "shortly after dark on Tuesday.",
            "She was cold but unhurt and was helped back to her car by the Mendip Cave Rescue team.",
        ),
    ),
    Notice(
        "avon-and-somerset",
        "/news/2021/02/anpr-helps-track-stolen-car-to-weston-super-mare/",
        "ANPR helps track stolen car to Weston-super-Mare",
        "2021-02-02 12:25",
        "The car was stolen from a street in Taunton on Sunday night.",
        (
            "A car stolen in Taunton was tracked to Weston-super-Mare using ANPR cameras on the M5.",
            "A 17-year-old boy has been arrested and released under investigation.",
        ),
    ),
    Notice(
        "avon-and-somerset",
        "/news/2021/02/fraudsters-stole-40000-from-pensioners-savings/",
        "Fraudsters stole £40,000 from pensioners’ savings",
        "2021-02-10 10:05",
        "Officers warn about “courier fraud” after a Bath couple lost their savings.",
        (
            "A couple in their 80s from Bath lost £40,000 after fraudsters posing as police officers "
            "persuaded them to hand over cash to a “courier”.",
            "We will never ask you to withdraw money or hand over your bank card. If you get a call like "
            "this, hang up – and call 101 from a different phone.",
        ),
        fault="cp1252",
    ),
    Notice(
        "avon-and-somerset",
        "/news/2021/04/police-and-crime-plan-tell-us-your-priorities/",
        "Police and crime plan: tell us your priorities",
        "2021-04-21 10:00",
        "The Commissioner is writing a new police and crime plan.",
        (
            "The Police and Crime Commissioner is writing a police and crime plan for the next four years "
            "and wants to hear your priorities.",
            'The consultation closes on 31 May 2021. <a href="https://www.smartsurvey.co.uk/s/ASPlan2021/">'
            "Take part in the consultation</a>.",
        ),
        category="consultations",
        added="day2",
    ),
)


# --- Hertfordshire (GOV.UK) ---


def _herts_story(slug, title, when, summary, lines, area, link):
    """A Hertfordshire story, ending (as theirs do) with the standing invitation to echo, the force's
    always-open feedback platform: a sign-off, not a consultation (the crawl learns it as such)."""
    signoff = (
        f"You can use our community voice platform echo to let us know what you think we should be "
        f"prioritising in {area}. Your feedback will help shape our local policing priorities. "
        f'Visit <a href="https://bit.ly/police-{link}">bit.ly/police-{link}</a> and have your say.'
    )
    return Notice(
        "hertfordshire", f"/news-and-appeals/{slug}/", title, when, summary, (*lines, signoff), category="appeals"
    )


_HERTS = (
    (
        "car-stolen-from-driveway-in-watford",
        "Car stolen from driveway in Watford",
        "2021-01-06 10:15",
        "A grey Audi was taken overnight.",
        ("A grey Audi A3 was stolen from a driveway in Cassiobury Drive, Watford, overnight on Monday 4 January.",),
        "Watford",
        "watford",
    ),
    (
        "man-arrested-after-shop-theft-in-stevenage",
        "Man arrested after shop theft in Stevenage",
        "2021-01-19 14:40",
        "Officers were called to the town centre.",
        ("A 41-year-old man was arrested after goods were taken from a shop in Queensway, Stevenage.",),
        "Stevenage",
        "stevenage",
    ),
    (
        "appeal-after-bike-theft-in-hitchin",
        "Appeal after bike theft in Hitchin",
        "2021-02-02 09:05",
        "An electric bike was taken from outside the station.",
        ("An electric bike was stolen from outside Hitchin station between 7am and 6pm on Friday 29 January.",),
        "North Herts",
        "nherts",
    ),
    (
        "drugs-seized-in-hemel-hempstead",
        "Drugs seized in Hemel Hempstead",
        "2021-02-16 16:20",
        "Cannabis and cash were found at a flat.",
        ("Officers found cannabis and £3,000 in cash at a flat in Hemel Hempstead during a warrant on Tuesday.",),
        "Dacorum",
        "dacorum",
    ),
    (
        "speeding-drivers-caught-in-st-albans",
        "Speeding drivers caught in St Albans",
        "2021-03-02 11:30",
        "Twenty drivers were stopped on the A1081.",
        ("Road policing officers stopped twenty drivers for speeding on the A1081 London Road, St Albans.",),
        "St Albans",
        "stalbans",
    ),
    (
        "burglary-in-royston-appeal",
        "Appeal for witnesses after burglary in Royston",
        "2021-03-16 08:45",
        "Tools were taken from a van.",
        ("Tools worth £2,000 were taken from a van parked in Melbourn Street, Royston, overnight.",),
        "North Herts",
        "nherts",
    ),
    (
        "scam-calls-warning-in-hertford",
        "Warning after scam calls in Hertford",
        "2021-03-30 13:10",
        "Callers pretended to be from the bank.",
        (
            "Residents in Hertford have received calls from people "
            "pretending to be from their bank. Never give your PIN over the phone.",
        ),
        "East Herts",
        "eastherts",
    ),
    (
        "graffiti-clean-up-in-borehamwood",
        "Graffiti cleaned up in Borehamwood",
        "2021-04-13 15:00",
        "Volunteers helped officers clean a subway.",
        ("Volunteers joined officers to clean graffiti from the Shenley Road subway in Borehamwood.",),
        "Hertsmere",
        "hm",
    ),
    (
        "arrest-after-assault-in-welwyn-garden-city",
        "Arrest after assault in Welwyn Garden City",
        "2021-04-27 19:25",
        "A man was hurt outside a bar.",
        (
            "A 25-year-old man was arrested after a man was "
            "assaulted outside a bar in Welwyn Garden City on Saturday night.",
        ),
        "Welwyn Hatfield",
        "welhat",
    ),
    (
        "catalytic-converter-thefts-in-bishops-stortford",
        "Catalytic converter thefts in Bishop's Stortford",
        "2021-05-11 10:50",
        "Three cars were targeted in one street.",
        ("Catalytic converters were cut from three cars parked in Hadham Road, Bishop's Stortford.",),
        "East Herts",
        "eastherts",
    ),
    (
        "missing-teenager-found-in-harpenden",
        "Missing teenager found safe in Harpenden",
        "2021-05-25 07:55",
        "Thank you for sharing our appeal.",
        (
            "The 15-year-old reported missing from Harpenden on Sunday has been "
            "found safe. Thank you to everyone who shared our appeal.",
        ),
        "St Albans",
        "stalbans",
    ),
)

NOTICES += tuple(_herts_story(*story) for story in _HERTS) + (
    Notice(
        "hertfordshire",
        "/news-and-appeals/have-your-say-on-policing-priorities-in-watford/",
        "Have your say on policing priorities in Watford",
        "2021-06-01 09:00",
        "Tell the Watford team what they should focus on for the next three months.",
        (
            "Watford's Safer Neighbourhood Team sets its priorities every three months, and wants to hear "
            "from residents before the next ones are chosen.",
            "Tell us what worries you most where you live, from speeding to anti-social behaviour.",
            "You can use our community voice platform echo to let us know what you think we should be "
            "prioritising in Watford. Your feedback will help shape our local policing priorities. "
            'Visit <a href="https://bit.ly/police-watford">bit.ly/police-watford</a> and have your say.',
        ),
        category="consultations",
    ),
)

# A national campaign: one survey posted by three forces (one survey link, written three ways), a reminder and a
# results notice: one consultation (archive/campaigns.py); and a second precept consultation closing the same day
# as Gwent's, which stays apart from it.
_SPEED_SURVEY = "https://www.smartsurvey.co.uk/s/SpeedCameras2021/"
_CAMPAIGN: tuple[Notice, ...] = (
    Notice(
        "cheshire",
        "/news/cheshire/news/articles/2021/3/have-your-say-on-speed-cameras/",
        "Have your say on speed cameras",
        "2021-03-01 10:00",
        "A national survey asks what you think about speed cameras on our roads.",
        (
            "Police forces across the country are asking the public what they think about speed cameras and "
            "community speed watch.",
            "The national survey takes ten minutes and closes on 21 March 2021.",
            f'<a href="{_SPEED_SURVEY}">Complete the speed camera survey</a>.',
        ),
        category="consultations",
    ),
    Notice(
        "dyfed-powys",
        "/news/dyfed-powys/news/2021/march/national-speed-camera-survey-tell-us-your-views/",
        "National speed camera survey: tell us your views",
        "2021-03-02 11:30",
        "How should speed cameras be used in Dyfed-Powys?",
        (
            "We want to hear from drivers, riders and residents about the use of speed cameras on the roads "
            "of Dyfed-Powys.",
            "The survey is run nationally and is open until 21 March 2021.",
            '<a href="https://smartsurvey.co.uk/s/SpeedCameras2021">Take part in the survey</a>.',
        ),
        category="consultations",
    ),
    Notice(
        "north-yorkshire",
        "/news/what-do-you-think-of-speed-cameras/",
        "What do you think of speed cameras?",
        "2021-03-03 09:15",
        "Have your say in a short survey about speed cameras.",
        (
            "Everyone who uses the roads of North Yorkshire is invited to give their views on speed cameras.",
            "The survey closes on 21 March 2021. "
            '<a href="https://www.smartsurvey.co.uk/s/SpeedCameras2021?utm_source=nyp">Have your say</a>.',
        ),
        category="roads",
        consultation=True,
    ),
    Notice(
        "cheshire",
        "/news/cheshire/news/articles/2021/3/last-chance-to-have-your-say-on-speed-cameras/",
        "Last chance to have your say on speed cameras",
        "2021-03-15 09:00",
        "There is less than a week left to take part in the speed camera survey.",
        (
            "There is still time to tell us what you think about speed cameras.",
            "The survey closes on 21 March 2021.",
            f'<a href="{_SPEED_SURVEY}">Complete the speed camera survey</a>.',
        ),
        category="consultations",
    ),
    Notice(
        "cheshire",
        "/news/cheshire/news/articles/2021/4/speed-camera-survey-what-you-told-us/",
        "Speed camera survey: what you told us",
        "2021-04-12 10:00",
        "Most people who answered want more speed cameras near schools.",
        (
            "Thank you to the 1,200 people who took part in our survey on speed cameras.",
            "Most of you told us you want more cameras near schools, and we will share the full findings "
            "with the road safety partnership.",
        ),
        consultation=False,
    ),
    Notice(
        "dyfed-powys",
        "/news/dyfed-powys/news/2021/january/commissioner-asks-for-views-on-the-precept/",
        "Commissioner asks for views on the precept",
        "2021-01-06 10:00",
        "The Police and Crime Commissioner wants your views on next year's policing precept.",
        (
            "The Police and Crime Commissioner for Dyfed-Powys is asking residents whether they would pay more "
            "towards policing through the precept next year.",
            "Have your say by filling in the questionnaire in your council tax leaflet. The consultation "
            "closes on Friday 29 January 2021.",
        ),
        category="consultations",
    ),
)
NOTICES += _CAMPAIGN

FORCE_BY_SLUG = {f.slug: f for f in FORCES}
