"""The demo's vetting, training and agreements: coaches at every stage of becoming ready."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from core.demo import Demo
from people.models import Coach
from people.services import coach_create
from recruitment import services as recruitment_services
from recruitment.models import Application, Check, StageChange
from training import services
from training.models import Acknowledgement, AgreementVersion, Module

# (name, refresh months, accredited by, required in programme indexes)
MODULES = [
    ("Safeguarding adults and children", 36, "", [0, 1]),
    ("Safety assessment and lone working", 12, "", [1]),
    ("Boundaries and self-care", None, "", [0, 1]),
    ("The coaching process", None, "", [0]),
    ("Debt and money awareness", 24, "", [0]),
    ("Level 2 Certificate in Peer Mentoring", None, "Open College Network", []),
]

AGREEMENTS = [
    (
        "code_of_conduct",
        "Our Agreement",
        "We treat everyone with respect and without judgement.\n\nWe keep what people tell us confidential, "
        "except when someone is at risk of harm.\n\nWe do not lend or borrow money, give gifts of value, or "
        "meet clients outside the agreed meetings.\n\nWe look after ourselves and ask for support early.",
    ),
    (
        "boundaries",
        "Boundaries and expectations",
        "Meetings are in public places or the office unless a risk assessment says otherwise. We use the work "
        "phone, not our own. We check in and out for every face-to-face meeting.",
    ),
    (
        "confidentiality",
        "Confidentiality statement",
        "What a client tells you stays between you, your coordinator and your supervisor. If you think someone "
        "is at risk, tell the safeguarding lead the same day.",
    ),
]


def add_training(org, programmes, coaches, today: datetime.date) -> None:
    """Modules, programme requirements and agreements; every active coach made ready, so the
    demo's relationships could be paired through the same rules as real ones."""
    modules = [
        services.module_create(
            organisation=org,
            name=name,
            refresh_every_months=months,
            accredited=bool(body),
            awarding_body=body,
            required_for=[programmes[i] for i in required],
        )
        for name, months, body, required in MODULES
    ]
    guidelines = ["", "Usually settled in their own home and stable for 12 months."]
    for programme, guideline in zip(programmes, guidelines, strict=True):
        services.programme_checks_set(
            programme=programme, dbs_required=True, references_required=2, recovery_guideline=guideline
        )
    for kind, title, body in AGREEMENTS:
        services.agreement_create(organisation=org, kind=kind, title=title, body=body)
    versions = list(AgreementVersion.objects.filter(organisation=org))
    for n, coach in enumerate(coaches):
        started = today - datetime.timedelta(weeks=40 + 6 * n)
        _checks(org, coach, started, today, renewal_soon=(n == 4))
        for module in modules[:5]:
            completed = started + datetime.timedelta(weeks=3)
            if module.refresh_every_months:
                # Refreshed within the last year, as the programme asks.
                completed = max(completed, today - datetime.timedelta(weeks=10 + n))
            if n == 5 and module.name.startswith("Safeguarding"):
                # Grace's safeguarding refresher is due soon: it shows before it lapses.
                completed = today - datetime.timedelta(days=36 * 30 - 20)
            services.completion_record(coach=coach, module=module, completed_on=completed)
        if n in (0, 2):
            services.completion_record(
                coach=coach, module=modules[5], completed_on=started + datetime.timedelta(weeks=20)
            )
        Acknowledgement.objects.bulk_create(
            Acknowledgement(organisation=org, coach=coach, version=version) for version in versions
        )
    services.aspiration_add(coach=coaches[0], text="Finish the Level 2 Certificate in Peer Mentoring")
    services.aspiration_add(coach=coaches[0], text="Apply for a paid peer specialist role")


def _checks(org, coach, started: datetime.date, today: datetime.date, *, renewal_soon: bool = False) -> None:
    cleared = started + datetime.timedelta(weeks=6)
    renewal = cleared + datetime.timedelta(days=3 * 365)
    if renewal_soon:
        renewal = today + datetime.timedelta(days=30)
    Check.objects.create(
        organisation=org,
        coach=coach,
        kind=Check.Kind.DBS,
        level=Check.Level.ENHANCED,
        requested_on=started,
        cleared_on=cleared,
        renewal_due_on=renewal,
        certificate_number=f"0012{coach.pk:08d}",
    )
    for referee in ("Former employer", "Support worker"):
        Check.objects.create(
            organisation=org,
            coach=coach,
            kind=Check.Kind.REFERENCE,
            referee=referee,
            requested_on=started,
            cleared_on=started + datetime.timedelta(weeks=2),
        )


def add_updates_and_newcomers(org, today: datetime.date) -> None:
    """After pairing: a new version of Our Agreement some coaches have not yet acknowledged, and
    a new coach in induction whose DBS check has been waiting over eight weeks."""
    agreement = AgreementVersion.objects.get(organisation=org, agreement__title="Our Agreement").agreement
    version = services.agreement_new_version(
        agreement=agreement,
        body=AGREEMENTS[0][2] + "\n\nWe never share clients' details on social media, even without names.",
        change_note="Added a line about social media",
    )
    early = list(Acknowledgement.objects.filter(version__agreement=agreement).values_list("coach_id", flat=True))
    # Most have acknowledged the new version; a few (Sam among them) still need to.
    Acknowledgement.objects.bulk_create(
        Acknowledgement(organisation=org, coach_id=coach_id, version=version) for coach_id in sorted(early)[3:]
    )
    # One coach without a sign-in signed the new version on paper; the coordinator uploaded it.
    on_paper = Coach.objects.filter(pk__in=sorted(early)[:3], user__isnull=True).order_by("pk").first()
    if on_paper:
        services.acknowledge_on_paper(
            coach=on_paper,
            version=version,
            signed_on=today - datetime.timedelta(days=3),
            signed_copy=SimpleUploadedFile("our-agreement-signed.pdf", _signed_pdf(on_paper), "application/pdf"),
        )
    # Our Agreement is due its yearly look soon, so the coordinator's home says so.
    services.agreement_review_set(agreement=agreement, review_on=today + datetime.timedelta(days=21))
    meera = coach_create(
        organisation=org,
        first_name="Meera",
        last_name="Joshi",
        email="meera.joshi@example.org",
        phone="07700 900190",
        area="Levenshulme",
        employment="volunteer",
        role_title="Peer Coach (in training)",
        lived_experience="Came through debt after redundancy; now wants to help others do the same.",
        interests="running, cooking, podcasts",
        languages="English, Gujarati",
        availability="Weekday evenings",
        agreed_weekly_hours=Decimal("4"),
        status="joining",
    )
    Check.objects.create(
        organisation=org,
        coach=meera,
        kind=Check.Kind.DBS,
        level=Check.Level.ENHANCED,
        requested_on=today - datetime.timedelta(weeks=9),
    )
    Check.objects.create(
        organisation=org,
        coach=meera,
        kind=Check.Kind.REFERENCE,
        referee="College tutor",
        requested_on=today - datetime.timedelta(weeks=9),
        cleared_on=today - datetime.timedelta(weeks=7),
    )
    modules = {m.name: m for m in Module.objects.filter(organisation=org)}
    for week, name in enumerate(
        [
            "Safeguarding adults and children",
            "Boundaries and self-care",
            "The coaching process",
            "Debt and money awareness",
        ]
    ):
        services.induction_plan(
            coach=meera, module=modules[name], planned_for=today + datetime.timedelta(weeks=week - 2)
        )
    services.completion_record(
        coach=meera,
        module=modules["Safeguarding adults and children"],
        completed_on=today - datetime.timedelta(weeks=2),
    )
    services.aspiration_add(coach=meera, text="Get a qualification I can put on my CV")


# (first, last, area, stage, days at the stage)
APPLICANTS = [
    ("Tom", "Bradley", "Ardwick", "applied", 3),
    ("Angela", "Brooks", "Gorton", "conversation_booked", 6),
    ("Ben", "Okafor", "Moss Side", "conversation_held", 10),
]


def add_applicants(org, today: datetime.date) -> None:
    """Applicants at every stage of the pipeline, from a new application to someone who left."""

    def applicant(first, last, area, stage, days, coach=None):
        application = Application.objects.create(
            organisation=org,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}@example.net",
            area=area,
            lived_experience="I lived in hostels for three years and now have my own flat and a part-time job.",
            motivation="Someone with lived experience helped me, and I would like to do the same.",
            availability="Weekday mornings",
            hopes=["training", "paid_work"],
            stage=stage,
            stage_changed_on=today - datetime.timedelta(days=days),
            coach=coach,
        )
        StageChange.objects.create(organisation=org, application=application, to_stage=stage)
        return application

    for first, last, area, stage, days in APPLICANTS:
        application = applicant(first, last, area, stage, days)
    recruitment_services.conversation_save(
        application=application,
        held_on=today - datetime.timedelta(days=10),
        strengths="Calm, a good listener, knows the local hostels well.",
        recovery_judgement="Settled for 18 months, with a support worker and a plan for bad days.",
        recovery_reason="The guideline is a year; Ben is well past it and manages setbacks well.",
        notes="Would suit Housing First.",
        answers=[
            (
                "Is there anyone who could be referred to us that you wouldn't feel comfortable working with?",
                "Someone from my old hostel, Gary, who I fell out with.",
                "Gary from the Oldham Road hostel",
            ),
            (
                "How would you feel if someone you supported was under the influence?",
                "I'd be OK, I'd keep it short and talk to my supervisor.",
                "",
            ),
        ],
    )
    coaches = {c.first_name: c for c in Coach.objects.filter(organisation=org)}
    applicant("Meera", "Joshi", "Levenshulme", "induction", 20, coaches["Meera"])
    applicant("Leila", "Haddad", "Rusholme", "paused", 30, coaches["Leila"])
    applicant("Aisha", "Mohamed", "Cheetham Hill", "active", 200, coaches["Aisha"])
    applicant("Gary", "Lund", "Salford", "left", 60)
    kwame = coach_create(
        organisation=org, first_name="Kwame", last_name="Asante", area="Hulme", role_title="Peer Coach (in training)"
    )
    Check.objects.create(
        organisation=org,
        coach=kwame,
        kind=Check.Kind.DBS,
        level=Check.Level.ENHANCED,
        requested_on=today - datetime.timedelta(weeks=3),
    )
    applicant("Kwame", "Asante", "Hulme", "checks", 21, kwame)
    # Someone ready to be matched who has not met anyone yet.
    nadia = coach_create(
        organisation=org,
        first_name="Nadia",
        last_name="Karim",
        area="Longsight",
        role_title="Peer Coach",
        lived_experience="Cleared £4,000 of debt after a divorce.",
        interests="baking, walking, church choir",
        languages="English, Urdu",
        status="active",
    )
    started = today - datetime.timedelta(weeks=14)
    _checks(org, nadia, started, today)
    for module in Module.objects.filter(organisation=org).exclude(accredited=True):
        services.completion_record(coach=nadia, module=module, completed_on=today - datetime.timedelta(weeks=4))
    Acknowledgement.objects.bulk_create(
        Acknowledgement(organisation=org, coach=nadia, version=version) for version in _current_versions(org)
    )
    applicant("Nadia", "Karim", "Longsight", "ready", 5, nadia)


def _signed_pdf(coach) -> bytes:
    """A one-page PDF standing in for the scan of a signed paper copy."""
    text = f"Our Agreement, version 2. Signed: {coach.first_name} {coach.last_name}".encode()
    stream = b"BT /F1 14 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _current_versions(org):
    newest = {}
    for version in AgreementVersion.objects.filter(organisation=org).order_by("number"):
        newest[version.agreement_id] = version
    return newest.values()


def training_step(demo: Demo) -> None:
    add_training(demo.organisation, demo.programmes, demo.active_coaches, demo.today)


def newcomers_step(demo: Demo) -> None:
    add_updates_and_newcomers(demo.organisation, demo.today)
    add_applicants(demo.organisation, demo.today)
