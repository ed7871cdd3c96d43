"""The demo's meetings each have their participants: the coach (working alone when face to face)
and the client."""

from __future__ import annotations

from meetings.models import Meeting, MeetingParticipant

LONE = MeetingParticipant.Part.LONE_WORKER


def check_every_meeting_has_its_participants(loaded):
    # One-to-one meetings; group sessions have their facilitator and members (tests/groups).
    meetings = (
        Meeting.objects.filter(relationship__isnull=False)
        .select_related("relationship")
        .prefetch_related("participants")
    )
    assert meetings.exists()
    for meeting in meetings:
        people = {(p.coach_id, p.client_id): p for p in meeting.participants.all()}
        assert set(people) == {(meeting.relationship.coach_id, None), (None, meeting.relationship.client_id)}
        assert meeting.programme_id == meeting.relationship.programme_id
        coach = people[(meeting.relationship.coach_id, None)]
        assert (coach.part == LONE) == (meeting.channel == "face_to_face")
        if meeting.outcome == "did_not_attend":
            assert people[(None, meeting.relationship.client_id)].attended == "no"
