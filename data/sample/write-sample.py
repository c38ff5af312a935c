#!/usr/bin/env python3
# Copyright 2026 Argyle Feedback Intake developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write sample.mbox, the mailbox behind "Try a Sample".

Thirty messages written for the project: submissions to a public review of
a School Resource Officer programme in Calgary-area school boards.  Every
person, school group and address is invented; addresses use the example.*
domains and Message-IDs the .invalid top-level domain.

The mailbox exercises what the importer has to handle, so a newcomer sees
it working at once: French mail with RFC 2047 encoded subjects and names,
quoted-printable, base64, Windows-1252 and ISO-8859-1 text, an HTML-only
message, a multipart/alternative one, a reply, attachments (TXT, DOCX and
ODT, one with an RFC 2231 encoded non-ASCII file name), one exact resend,
and body lines that mboxrd has to quote (">From ").

The output is deterministic (fixed dates, boundaries, Message-IDs and zip
timestamps), so running the script again reproduces the committed file.
Only the standard library is used.

Usage: write-sample.py [-o OUTPUT]   (default: sample.mbox next to this file)
"""

import argparse
import io
import os
import re
import sys
import textwrap
import zipfile
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

from email import policy
from email.generator import BytesGenerator
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

ENGAGEMENT = Address("SRO Review Engagement", "sro-review", "example.org")
MESSAGE_ID_DOMAIN = "sample.feedback-intake.invalid"

# Calgary: daylight time until 2 a.m. on Sunday 1 November 2026.
MDT = timezone(timedelta(hours=-6))
MST = timezone(timedelta(hours=-7))
DST_END = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)

# Fixed timestamp for every member of the generated documents.
ZIP_TIME = (2026, 10, 1, 9, 0, 0)

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def calgary_time(month, day, hour, minute, second=0):
    naive = datetime(2026, month, day, hour, minute, second)
    # Local 02:00 on 1 November is 08:00 UTC; earlier wall-clock times are
    # daylight time.
    if naive.replace(tzinfo=MDT) < DST_END:
        return naive.replace(tzinfo=MDT)
    return naive.replace(tzinfo=MST)


def wrap(paragraphs, width=72):
    """Join paragraphs as a mail client would: wrapped, blank line between."""
    out = []
    for para in paragraphs:
        if para.startswith(">") or "\n" in para:
            out.append(para)  # quoted or pre-formatted: leave as written
        else:
            out.append(textwrap.fill(para, width=width,
                                     break_long_words=False,
                                     break_on_hyphens=False))
    return "\n\n".join(out) + "\n"


def unwrapped(paragraphs):
    """Join paragraphs as a phone or webmail client does: one line each."""
    return "\n\n".join(paragraphs) + "\n"


def message_id(n):
    return f"<sample-{n:02d}.2026@{MESSAGE_ID_DOMAIN}>"


def new_message(n, sender, subject, when):
    msg = EmailMessage(policy=policy.default)
    msg["From"] = sender
    msg["To"] = ENGAGEMENT
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id(n)
    return msg


def fix_boundaries(msg, n):
    """Give every multipart a fixed boundary so the output never changes."""
    i = 0
    for part in msg.walk():
        if part.is_multipart():
            part.set_boundary(f"=_sample-{n:02d}-{i}")
            i += 1
    return msg


def zip_bytes(members):
    """A zip archive of (name, bytes) members, stored uncompressed, with
    fixed timestamps, so its bytes do not depend on zlib or the clock."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def make_docx(title, paragraphs):
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = [f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(title)}</w:t></w:r></w:p>']
    for para in paragraphs:
        body.append(f'<w:p><w:r><w:t xml:space="preserve">{escape(para)}</w:t></w:r></w:p>')
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{w}"><w:body>{"".join(body)}'
                '<w:sectPr/></w:body></w:document>\n')
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '</Types>\n')
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>\n')
    return zip_bytes([
        ("[Content_Types].xml", content_types.encode("utf-8")),
        ("_rels/.rels", rels.encode("utf-8")),
        ("word/document.xml", document.encode("utf-8")),
    ])


def make_odt(title, paragraphs, items):
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    body = [f'<text:h text:outline-level="1">{escape(title)}</text:h>']
    for para in paragraphs:
        body.append(f"<text:p>{escape(para)}</text:p>")
    body.append("<text:list>")
    for item in items:
        body.append(f"<text:list-item><text:p>{escape(item)}</text:p></text:list-item>")
    body.append("</text:list>")
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<office:document-content xmlns:office="{office}" xmlns:text="{text}" '
               'office:version="1.2"><office:body><office:text>'
               f'{"".join(body)}</office:text></office:body></office:document-content>\n')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>\n')
    # The OpenDocument package rule: "mimetype" first and uncompressed.
    return zip_bytes([
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.encode("utf-8")),
        ("META-INF/manifest.xml", manifest.encode("utf-8")),
    ])


# --------------------------------------------------------------------------
# The submissions, in the order they arrived.  Each function returns
# (envelope sender, date, message).

def m01():
    when = calgary_time(10, 5, 9, 14, 22)
    msg = new_message(1, Address("Dana Whitcombe", "dana.whitcombe", "example.net"),
                      "SRO programme - a parent's view", when)
    msg.set_content(wrap([
        "Hello,",
        "I am writing as the parent of two students at a Calgary Board of "
        "Education high school in the southwest, one in grade 10 and one in "
        "grade 12.",
        "Our experience with the school resource officer has been mostly "
        "good. My older son got to know the officer through the school's "
        "running club, and when a group of older students was pressuring him "
        "online last year he felt he could ask her for advice without it "
        "turning into a big deal. I doubt he would have walked into a police "
        "station on his own.",
        "At the same time, I don't think every family experiences the officer "
        "the same way, and I would like the review to ask why. My daughter's "
        "friends talk about the officer very differently than my son does.",
        "I would support keeping the programme if the role is written down "
        "clearly: what the officer does and does not do, that they are not "
        "involved in ordinary school discipline, and how a family can raise a "
        "concern. Please also publish how often officers lay charges or make "
        "arrests at school, broken down so that families can see who is "
        "affected.",
        "Thank you for running this review.",
        "Dana Whitcombe\n403-555-0142",
    ]), cte="7bit")
    return "dana.whitcombe@example.net", when, msg


def m02():
    # Sent from a phone: long unwrapped lines and curly quotes, so the
    # client chose quoted-printable.
    when = calgary_time(10, 6, 21, 47, 3)
    msg = new_message(2, Address("Tobi Adeyemi", "tobi.adeyemi", "example.com"),
                      "please read this - from a student", when)
    msg.set_content(unwrapped([
        "Hi, I’m in grade 11 at a CBE high school in the northeast. My teacher told us about this review and said students should write in, so I am.",
        "I’m Black and I have been stopped in the hallway by the officer and asked where I was going while a group of white kids walked right past. It was only a couple of times but everyone saw it. Last spring my friend’s backpack got searched because someone said he “looked like” the person who took a phone. It wasn’t him and nobody apologised.",
        "I’m not saying the officer is a bad person. He says hi to people and he comes to basketball games. But he has a gun on his belt and when he is standing by the doors it doesn’t feel like a normal school. Some of my friends go the long way around so they don’t have to walk past him.",
        "I think the money should go to more counsellors. We have one counsellor for the whole school and you have to wait weeks to see her. If the review wants to know what students think, please come and ask us in person, not only with a survey.",
        "Tobi",
    ]), cte="quoted-printable")
    return "tobi.adeyemi@example.com", when, msg


def m03():
    when = calgary_time(10, 7, 12, 5, 41)
    msg = new_message(3, Address("Élise Tremblay-Nadeau", "elise.tremblay", "example.net"),
                      "Consultation sur les agents de police dans les écoles – point de vue d’une mère",
                      when)
    msg.set_content(wrap([
        "Bonjour,",
        "Je suis mère de trois enfants inscrits dans une école du Conseil "
        "scolaire FrancoSud, à Calgary. Je vous remercie de cette "
        "consultation et je vous écris en français, puisque c’est la langue "
        "de notre école.",
        "Je n’ai rien contre la présence d’un agent à l’école. Mon fils aîné "
        "a même beaucoup apprécié la présentation sur la sécurité en ligne. "
        "Toutefois, cette présentation s’est faite entièrement en anglais, "
        "et les plus jeunes n’ont pas tout compris. Pour une école "
        "francophone, ce n’est pas un détail : les familles francophones "
        "ont le droit de recevoir ces services dans leur langue.",
        "Ce qui m’inquiète davantage, c’est la question du consentement. "
        "J’ai appris par hasard qu’un agent avait parlé à ma fille au sujet "
        "d’un conflit entre élèves. Personne ne m’en avait informée. Je "
        "souhaite que les parents soient prévenus avant qu’un policier "
        "rencontre leur enfant, sauf en cas d’urgence.",
        "Je recommande donc de maintenir le programme, avec des changements : "
        "des agents qui parlent français dans les écoles francophones, un "
        "protocole clair d’information des parents, et un bilan public "
        "chaque année.",
        "Veuillez agréer mes salutations distinguées,",
        "Élise Tremblay-Nadeau",
    ]), cte="8bit")
    return "elise.tremblay@example.net", when, msg


def m04():
    when = calgary_time(10, 8, 16, 30, 12)
    msg = new_message(4, Address("Gregory Pawlak", "gpawlak", "example.org"),
                      "Lockdown drills and our SRO", when)
    # One paragraph starts with "From ": the mbox must store it as ">From ".
    msg.set_content(wrap([
        "To the review team,",
        "I have taught science in the Calgary Catholic School District for "
        "twenty-two years, the last nine at a junior high that shares a "
        "school resource officer with two other schools.",
        "From my classroom I have watched the officer do the unglamorous "
        "part of the job. Before our lockdown drills she walks the halls with "
        "the administration, checks which doors do not latch, and talks to "
        "the grade 7 classes so the drill is not frightening. Last February "
        "we had a real hold-and-secure because of police activity nearby. "
        "The students were calm because they had practised and because they "
        "knew who she was.",
        "She also eats lunch in the staff room, knows students by name and "
        "has quietly defused more than one fight in the parking lot before "
        "it became a suspension. I have never seen her involved in ordinary "
        "discipline; our administrators handle that.",
        "I understand that some students and families have had bad "
        "experiences and I do not want to dismiss them. But I would keep the "
        "programme as it is in our school. It works because the same officer "
        "has been here long enough to be trusted.",
        "Gregory Pawlak",
    ]), cte="7bit")
    return "gpawlak@example.org", when, msg


def m05():
    # A newsletter tool sends HTML only, with a style sheet and entities.
    when = calgary_time(10, 9, 19, 2, 55)
    msg = new_message(5, Address("Folasade Bankole", "info", "example.org"),
                      "Submission from Northeast Families for Equity in Education", when)
    html = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Submission to the SRO programme review</title>
<style type="text/css">
  body { font-family: Georgia, serif; color: #222222; max-width: 640px; }
  h1 { font-size: 20px; color: #1a5fb4; }
  .note { font-size: 12px; color: #777777; }
  li { margin-bottom: 6px; }
</style>
</head>
<body>
<h1>Submission to the School Resource Officer programme review</h1>
<p>Northeast Families for Equity in Education is a volunteer group of parents and
caregivers in northeast Calgary. Between June and September we held six listening
sessions with about forty families whose children attend Calgary Board of Education
and Calgary Catholic schools. Most of the families are Black, South Asian or newcomers
to Canada.</p>
<p>What we heard most often was not anger at individual officers. Many parents said the
officer at their child&rsquo;s school is friendly. What they described was a feeling of
being <em>watched</em>: children who are questioned in hallways, parents who are called
about behaviour that would be handled by a teacher elsewhere, and young people who
learn early that police attention falls on some students more than others.</p>
<p>Our recommendations:</p>
<ul>
<li>End the placement of officers in schools and reallocate the funding to counsellors,
social workers and mental health support.</li>
<li>Until then, collect and publish race-based data on every police contact with
students, including searches, charges and arrests.</li>
<li>Create a complaints process that is independent of the police service.</li>
<li>Consult students directly, in person and in their own languages &mdash; a survey
alone does not reach the families who are most affected.</li>
</ul>
<p>We would welcome the chance to present these findings to the review team.</p>
<p>Folasade Bankole<br>
Coordinator, Northeast Families for Equity in Education</p>
<p class="note">You are receiving this message because you wrote to our group.
This message was sent to the SRO review mailbox only.</p>
</body>
</html>
"""
    msg.set_content(html, subtype="html", cte="7bit")
    return "info@example.org", when, msg


def m06():
    when = calgary_time(10, 13, 10, 41, 9)
    msg = new_message(6, Address("Heather Lindgren", "hlindgren", "example.org"),
                      "Comments from a Palliser school in Calgary", when)
    paragraphs = [
        "Good morning,",
        "I am the vice-principal of a small Palliser School District school "
        "in Calgary (kindergarten to grade 9). We share our school resource "
        "officer with several other schools, so we see her perhaps one day a "
        "week.",
        "The most valuable part of her work for us is early intervention. "
        "When a grade 8 student was being drawn into selling vapes, she met "
        "the student and his parents together, and it never became a police "
        "matter. Her presentations on online exploitation are the only ones "
        "our families ask for by name.",
        "Two changes would help. First, the agreement between the police "
        "service and the boards should be public and should state plainly "
        "that officers are not part of school discipline. Second, schools "
        "should receive the data on police contacts with their own students, "
        "so we can see patterns we would otherwise miss.",
        "Heather Lindgren\nVice-principal",
    ]
    msg.set_content(wrap(paragraphs), cte="7bit")
    html_paras = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>\n" for p in paragraphs)
    msg.add_alternative(f"<html><body>\n{html_paras}</body></html>\n", subtype="html",
                        cte="7bit")
    fix_boundaries(msg, 6)
    return "hlindgren@example.org", when, msg


def m07():
    # Written on a phone whose mail app sends UTF-8 as base64.
    when = calgary_time(10, 14, 7, 55, 30)
    msg = new_message(7, Address("Daniel Ferreira", "d.ferreira", "example.net"),
                      "An SRO's perspective", when)
    msg.set_content(unwrapped([
        "Hello,",
        "I have worked as a school resource officer for six years, at high schools in two boards. These are my own views and not the Service’s.",
        "Most of my day is not enforcement. It is a student who hasn’t been home in two nights, a parent who doesn’t know what to do about a threat on social media, a teacher who wants help with a presentation on impaired driving. I lay very few charges and I would support publishing the numbers, with race-based data, so people can judge that for themselves.",
        "I also know that some students feel nervous or watched when I am in the building, and that for some families the police have not earned trust. I would rather hear that than not. I took the anti-racism and trauma-informed training offered last year and I think it should be mandatory and ongoing for every SRO, not optional.",
        "I would ask the review to speak with officers as well as with students and parents, and to look at what would happen to the calls we answer now if the programme ended.",
        "Dan Ferreira",
    ]), cte="base64")
    return "d.ferreira@example.net", when, msg


def m08():
    # Written in an old desktop client on Windows: Windows-1252, 8bit,
    # with curly quotes, dashes and an ellipsis.
    when = calgary_time(10, 15, 13, 20, 48)
    msg = new_message(8, Address("Beverly Kowalski", "bev.kowalski", "example.com"),
                      "My thoughts on police in schools", when)
    msg.set_content(wrap([
        "Dear review committee,",
        "I am a grandmother of three students in the Calgary Catholic "
        "School District. When my own children were young, we had “Officer "
        "Friendly” visits and nobody thought twice about it.",
        "I’ve read the news reports about this review and I understand that "
        "times have changed – and that not everyone had the experience my "
        "family had. Still, my grandson’s school had a frightening incident "
        "last year with an older teenager who was not a student, and the "
        "officer was there within minutes. The staff told me afterwards how "
        "much that mattered.",
        "I would keep the officers in the schools. If there are problems "
        "with how some officers treat some children, then fix that — with "
        "training and supervision — rather than removing the officers "
        "altogether…",
        "Yours truly,\nBeverly Kowalski",
    ]), charset="windows-1252", cte="8bit")
    return "bev.kowalski@example.com", when, msg


STUDENTS_UNION_TXT = """\
Ridgeview Heights High School Students' Union
Submission to the School Resource Officer programme review
October 2026

How we asked
------------
Over two weeks in September, members of the Students' Union set up a table
in the cafeteria at lunch and asked students to fill in a one-page paper
survey. 212 students answered (out of about 1,450). The survey was anonymous.
We did not ask about race or identity, and we think the review should.

What students said
------------------
Keep the programme as it is:           41%
Keep it with changes:                  33%
Remove or replace it:                  26%

Students who had talked to the officer one-on-one were much more likely to
want to keep the programme. Students who had only seen the officer in the
halls were split.

Some comments students wrote (shared with permission, no names):

  "He helped me when my ex was posting stuff about me. I didn't want to go
   to my parents first."

  "I don't get why a school needs a cop. We have vice-principals."

  "It makes me feel safer during lockdowns."

  "My cousin got arrested at his school for a fight. At my school the same
   thing would be a suspension. That's not fair."

  "Why does the officer stand at the doors in the morning? It feels like
   airport security."

Our recommendations
-------------------
1. The officer should not stand at the entrances in the morning.
2. Students should have a say: a student advisory group that meets with the
   officer and the principal each term.
3. Students should be able to talk to a counsellor or social worker the same
   week, not in a month.
4. Families should be told what the officer's job at school is, and what it
   is not, at the start of every year.
"""


def m09():
    when = calgary_time(10, 16, 15, 45, 17)
    msg = new_message(9, Address("Nadia Karim", "nadia.karim", "example.com"),
                      "Students' Union submission (attached)", when)
    msg.set_content(wrap([
        "Hello,",
        "On behalf of the Ridgeview Heights High School Students' Union, "
        "please find our submission attached as a text file. It summarises "
        "a lunchtime survey of 212 students and our recommendations.",
        "We would be happy to meet with the review team. Our staff advisor "
        "knows how to reach us.",
        "Nadia Karim\nPresident, Students' Union",
    ]), cte="7bit")
    msg.add_attachment(STUDENTS_UNION_TXT, subtype="plain", charset="utf-8",
                       cte="7bit", disposition="attachment",
                       filename="students-union-submission.txt")
    fix_boundaries(msg, 9)
    return "nadia.karim@example.com", when, msg


MEMOIRE_TITLE = ("Mémoire du Regroupement des enseignantes et enseignants "
                 "francophones du Sud sur le programme des agents de "
                 "ressources scolaires")
MEMOIRE_PARAGRAPHS = [
    "Notre regroupement réunit une soixantaine d’enseignantes et "
    "d’enseignants des écoles francophones du Sud de l’Alberta. Nous "
    "présentons ce mémoire à titre personnel, et non au nom d’un employeur.",
    "Une part croissante de nos élèves sont arrivés récemment d’Afrique "
    "francophone, d’Haïti ou du Moyen-Orient. Pour certaines de ces "
    "familles, la police évoque des expériences douloureuses vécues avant "
    "leur arrivée au Canada. La présence d’un agent en uniforme à l’école "
    "n’a donc pas le même sens pour tous les élèves.",
    "Nous constatons aussi que les services offerts par les agents sont "
    "presque toujours en anglais. Une présentation sur la cyberintimidation "
    "donnée en anglais à des élèves de 4e année d’une école francophone "
    "manque en grande partie sa cible.",
    "Nos recommandations : 1) offrir les services des agents en français "
    "dans les écoles francophones ; 2) rendre obligatoire une formation sur "
    "la diversité culturelle et les traumatismes vécus par les familles "
    "réfugiées ; 3) informer les parents, dans leur langue, avant toute "
    "rencontre entre un agent et un élève, sauf urgence ; 4) publier des "
    "données ventilées par conseil scolaire, par langue et par origine.",
    "Nous ne demandons pas l’abolition du programme, mais une réforme "
    "sérieuse, évaluée chaque année avec la participation des élèves et "
    "des familles.",
]


def m10():
    when = calgary_time(10, 19, 11, 12, 4)
    msg = new_message(10, Address("Benoît Lacasse-Ouellet", "benoit.lacasse", "example.org"),
                      "Mémoire — revue du programme des agents de ressources scolaires",
                      when)
    msg.set_content(wrap([
        "Madame, Monsieur,",
        "Veuillez trouver ci-joint le mémoire du Regroupement des "
        "enseignantes et enseignants francophones du Sud au sujet du "
        "programme des agents de ressources scolaires.",
        "Nous vous remercions d’avoir prévu la possibilité de répondre en "
        "français et restons à votre disposition pour en discuter.",
        "Cordialement,\nBenoît Lacasse-Ouellet\npour le Regroupement",
    ]), cte="8bit")
    # The file name is not ASCII, so it goes out RFC 2231 encoded.
    msg.add_attachment(make_docx(MEMOIRE_TITLE, MEMOIRE_PARAGRAPHS),
                       maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                       filename="Mémoire.docx")
    fix_boundaries(msg, 10)
    return "benoit.lacasse@example.org", when, msg


BRIEF_TITLE = "Eastside Community Table: brief to the SRO programme review"
BRIEF_PARAGRAPHS = [
    "The Eastside Community Table brings together residents, faith groups and "
    "settlement workers in east Calgary. On 4 October we held an evening "
    "conversation about the School Resource Officer programme, with "
    "interpretation in Tagalog, Punjabi and Tigrinya. Thirty-one people came.",
    "Views were divided. Several parents, especially those whose children had "
    "been bullied or threatened online, said the officer was the first adult "
    "who took them seriously. Others said they would never let their child "
    "speak to an officer alone, because they are afraid of what it could mean "
    "for their family's immigration status, even when that fear is not "
    "justified.",
    "Almost no one knew what the officer is allowed to do at school, or how "
    "to complain. No information about the programme had reached them in any "
    "language other than English.",
    "We recommend:",
]
BRIEF_ITEMS = [
    "Plain-language information about the programme in the main languages of "
    "each school community.",
    "A clear right for parents to be present, or to be told first, when an "
    "officer speaks with their child, except in an emergency.",
    "A complaints process run outside the police service, with interpreters.",
    "Sessions like ours as part of the review, not only an online survey.",
]


def m11():
    when = calgary_time(10, 20, 18, 33, 50)
    msg = new_message(11, Address("Grace Whitford", "grace.whitford", "example.net"),
                      "Brief from the Eastside Community Table", when)
    msg.set_content(wrap([
        "Hello,",
        "Attached is our brief, as an OpenDocument file. It reports on a "
        "community conversation we held on 4 October with interpretation in "
        "three languages.",
        "Thank you,\nGrace Whitford\nEastside Community Table",
    ]), cte="7bit")
    msg.add_attachment(make_odt(BRIEF_TITLE, BRIEF_PARAGRAPHS, BRIEF_ITEMS),
                       maintype="application",
                       subtype="vnd.oasis.opendocument.text",
                       filename="eastside-community-brief.odt")
    fix_boundaries(msg, 11)
    return "grace.whitford@example.net", when, msg


def m12():
    # A reply to the sender's own first message, threaded by In-Reply-To.
    when = calgary_time(10, 21, 8, 2, 36)
    msg = new_message(12, Address("Dana Whitcombe", "dana.whitcombe", "example.net"),
                      "Re: SRO programme - a parent's view", when)
    msg["In-Reply-To"] = message_id(1)
    msg["References"] = message_id(1)
    msg.set_content(wrap([
        "Hello again,",
        "After I sent my first message I talked with my daughter and two of "
        "her friends at our kitchen table, and I want to add what they said.",
        "Both of her friends are Indigenous. They told me they are careful "
        "about where they stand and how loudly they talk when the officer is "
        "nearby, and that one of them was asked to empty his pockets in front "
        "of other students. My son had never noticed any of this.",
        "So when I wrote that our experience was \"mostly good\", that was my "
        "son's experience. I still think the programme can be reformed rather "
        "than ended, but I would now put the data and an independent "
        "complaints process first, not last.",
        "Dana",
        "On Mon, Oct 5, 2026 at 9:14 AM Dana Whitcombe wrote:\n"
        "> Our experience with the school resource officer has been mostly\n"
        "> good. My older son got to know the officer through the school's\n"
        "> running club, and when a group of older students was pressuring him\n"
        "> online last year he felt he could ask her for advice without it\n"
        "> turning into a big deal.",
    ]), cte="7bit")
    return "dana.whitcombe@example.net", when, msg


def m13():
    # An older webmail: ISO-8859-1 body in quoted-printable and
    # ISO-8859-1 encoded words in the headers, built with the classic API.
    when = calgary_time(10, 22, 20, 10, 14)
    text = wrap([
        "Bonjour,",
        "J'ai 16 ans et je suis en 11e année dans une école francophone de "
        "Calgary. Notre enseignante nous a parlé de la consultation.",
        "Personnellement, l'agent a toujours été gentil avec moi. Sa "
        "présentation sur la sextorsion était vraiment utile et je pense "
        "qu'elle a aidé des élèves de ma classe.",
        "Mais plusieurs de mes amis, qui sont arrivés du Congo et du "
        "Cameroun il y a quelques années, sont nerveux quand il est là. Ils "
        "disent que chez eux, on évitait la police. Je ne sais pas quelle est "
        "la bonne réponse. Peut-être que l'agent pourrait venir sans "
        "uniforme et sans arme, et qu'on pourrait demander aux élèves ce "
        "qu'ils en pensent avant de décider.",
        "Merci de lire nos messages.",
        "Inès Bérubé",
    ])
    msg = MIMEText(text, "plain", "iso-8859-1")
    msg["From"] = formataddr(("Inès Bérubé", "ines.berube@example.com"), charset="iso-8859-1")
    msg["To"] = formataddr((ENGAGEMENT.display_name, ENGAGEMENT.addr_spec))
    msg["Subject"] = Header("Mon opinion sur l'agent à l'école", "iso-8859-1")
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id(13)
    return "ines.berube@example.com", when, msg


def m14():
    when = calgary_time(10, 23, 14, 25, 2)
    msg = new_message(14, Address("Priya Sandhu", "psandhu", "example.org"),
                      "A school social worker's view", when)
    msg.set_content(wrap([
        "Dear review team,",
        "I am a school social worker with the Calgary Board of Education. I "
        "cover three schools, with roughly 1,200 students between them.",
        "I have worked alongside good officers and I do not doubt their "
        "intentions. My concern is about what the system asks of them. Too "
        "often the officer is the adult who responds to a student in a "
        "mental health crisis, because the officer is in the building and I "
        "am at another school that day. A student in crisis needs a clinician "
        "first, and a uniform can make the crisis worse.",
        "The research on school policing that I have read does not show "
        "clear safety benefits, while it does show that students of colour "
        "and students with disabilities are more likely to be referred to "
        "police. I would ask the review to look at our own numbers before "
        "deciding anything.",
        "My recommendation is to replace the programme gradually, moving the "
        "funding to social workers, counsellors and mental health nurses, "
        "and to keep a clear, limited protocol for calling police when there "
        "is a real threat to safety.",
        "Priya Sandhu, MSW, RSW",
    ]), cte="7bit")
    return "psandhu@example.org", when, msg


def m15():
    when = calgary_time(10, 26, 9, 30, 27)
    msg = new_message(15, Address("Colleen Fraser", "colleen.fraser", "example.com"),
                      "Our son's experience - autism and the SRO", when)
    msg.set_content(wrap([
        "To whom it may concern,",
        "Our son is autistic and attends a Calgary Catholic junior high. "
        "Last winter he had a meltdown in the hallway after a fire alarm. No "
        "one from his support team was available, and the school called the "
        "resource officer. The officer held his arms to stop him from "
        "leaving the building.",
        "I believe the officer meant well. But our son now panics when he "
        "sees any police car, and it took months before he would go back to "
        "that hallway. None of this appears in any report that we have seen.",
        "I am not asking you to remove the officers. I am asking that an "
        "officer never be the first responder to a student's behaviour that "
        "comes from a disability, that every officer receive training in "
        "autism and de-escalation, and that schools have enough trained "
        "support staff so they never need to make that call.",
        "Colleen Fraser\n587-555-0119",
    ]), cte="7bit")
    return "colleen.fraser@example.com", when, msg


def m17():
    when = calgary_time(10, 27, 22, 18, 40)
    msg = new_message(17, Address("Riley Tanaka", "riley.t", "example.com"),
                      "GSA and police at school", when)
    msg.set_content(wrap([
        "Hi,",
        "I'm in grade 12 and one of the organisers of our school's "
        "Gender-Sexuality Alliance (CBE). I'm nonbinary.",
        "I want to be fair: the officer at our school came to one of our GSA "
        "lunches when we invited him, listened more than he talked, and "
        "handled a homophobic graffiti incident in a way that made the "
        "students who were targeted feel supported.",
        "But a lot of queer and trans students, and especially trans "
        "students of colour, don't feel safe around police, and one good "
        "officer doesn't change that. Some of our members skipped the lunch "
        "he came to. If officers stay, I'd ask that they not attend GSA "
        "events unless students invite them, and that the review's survey "
        "include more than two gender options, because a lot of us skipped "
        "it for that reason.",
        "Riley (they/them)",
    ]), cte="7bit")
    return "riley.t@example.com", when, msg


def m18():
    when = calgary_time(10, 28, 19, 45, 6)
    msg = new_message(18, Address("Marie-Ange Théodore", "ma.theodore", "example.net"),
                      "Avis d’une famille nouvellement arrivée", when)
    msg.set_content(wrap([
        "Bonjour,",
        "Nous sommes arrivés d’Haïti il y a trois ans. Mon fils fréquente "
        "une école de FrancoSud.",
        "Dans notre pays, on apprend aux enfants à avoir peur de la police. "
        "La première semaine, quand mon fils a vu un policier dans le "
        "corridor, il a cru qu’il avait fait quelque chose de mal et il a "
        "pleuré en rentrant à la maison.",
        "Plus tard, l’agent est venu dans sa classe expliquer son rôle, et "
        "cela a beaucoup aidé. Aujourd’hui mon fils le salue. Je ne suis donc "
        "ni pour ni contre : tout dépend de la manière dont les choses sont "
        "faites.",
        "Ce qui manque, c’est l’information. Les familles comme la nôtre ne "
        "savent pas quels sont leurs droits quand un policier veut parler à "
        "leur enfant. Il faudrait des documents en français et en créole, et "
        "une rencontre avec les parents au début de l’année.",
        "Merci,\nMarie-Ange Théodore",
    ]), cte="8bit")
    return "ma.theodore@example.net", when, msg


def m19():
    when = calgary_time(10, 29, 16, 58, 33)
    msg = new_message(19, Address("Michael Achterberg", "m.achterberg", "example.org"),
                      "Principal's submission - keep, with a clearer agreement", when)
    msg.set_content(wrap([
        "Dear members of the review team,",
        "I have been a principal in the Calgary Catholic School District for "
        "eleven years, at two high schools with resource officers.",
        "I value the programme most for early intervention. Our officer "
        "knows which students are at risk of being drawn into gangs or "
        "exploitation, and she works with our counsellors and with families "
        "long before anything reaches the courts. I have seen students "
        "graduate who, I believe, would not have without that relationship.",
        "I also accept that the programme has not always been accountable "
        "enough. The memorandum of understanding between the Service and the "
        "boards is out of date. It should say explicitly that officers do not "
        "take part in school discipline, that searches of students are a "
        "matter for the school unless there is an immediate danger, and that "
        "the boards receive data on every police contact with students.",
        "Finally, the perspectives of students who feel unsafe around police "
        "deserve real weight in this review, even where they are a minority "
        "in a given school. An annual public report, reviewed with parents "
        "and students, would help us all.",
        "Respectfully,\nMichael Achterberg\nPrincipal\nTel. 403-555-0177",
    ]), cte="7bit")
    return "m.achterberg@example.org", when, msg


def m20():
    when = calgary_time(11, 2, 18, 12, 45)
    msg = new_message(20, Address("Devon Marchetti", "devon.marchetti", "example.net"),
                      "Teacher submission: time to end the SRO programme", when)
    msg.set_content(wrap([
        "Hello,",
        "I teach social studies at a CBE high school and I have taught at "
        "schools with and without a resource officer.",
        "Two years ago two boys at my school had a fight over a girlfriend. "
        "Nobody was seriously hurt. Because the officer was in the building, "
        "it was handled as an assault and one of the boys was charged. At my "
        "previous school, the same fight would have meant a suspension, a "
        "restorative conversation and a call home. The boy who was charged is "
        "Black; the other was not charged.",
        "That is what people mean by the school-to-prison pipeline. It does "
        "not require any officer to be malicious. It only requires police to "
        "be present where adolescents make adolescent mistakes.",
        "I respect the officers I have worked with, but I believe the "
        "programme should end and its budget should go to restorative "
        "justice coordinators, counsellors and social workers.",
        "Devon Marchetti",
    ]), cte="7bit")
    return "devon.marchetti@example.net", when, msg


def m21():
    # Quotes the school newsletter with ">" and no space, so one line of
    # the body already reads ">From "; mboxrd stores it as ">>From ".
    when = calgary_time(11, 3, 7, 40, 11)
    msg = new_message(21, Address("Kevin Stadnyk", "kstadnyk", "example.com"),
                      "Keep the SRO visits at our school", when)
    msg.set_content(wrap([
        "Hello,",
        "Our children attend a small Palliser School District school in "
        "Calgary. We don't have an officer in the building; one visits a few "
        "times a year. Here is what the school newsletter said about the "
        "last visit:",
        ">From the principal's desk, October newsletter:\n"
        ">Our school resource officer spent the morning with the grade 7\n"
        ">and 8 classes talking about online safety, sharing images, and\n"
        ">what to do if someone threatens you online. Parents are welcome\n"
        ">to ask the office for the slides.",
        "My daughter came home and changed her privacy settings without "
        "being asked, which is more than I ever managed. I'd like the review "
        "to keep these visits and, if anything, make them available to small "
        "schools more often.",
        "Kevin Stadnyk",
    ]), cte="7bit")
    return "kstadnyk@example.com", when, msg


def m22():
    when = calgary_time(11, 4, 12, 26, 58)
    msg = new_message(22, Address("Sophie Gauthier-Roy", "s.gauthierroy", "example.org"),
                      "Présentations des agents en français", when)
    msg.set_content(wrap([
        "Bonjour,",
        "J’enseigne en 5e et 6e années dans une école de FrancoSud.",
        "Notre agent est sympathique et les élèves l’aiment bien. Le "
        "problème, c’est que toutes ses présentations — sécurité en ligne, "
        "drogues, intimidation — sont en anglais. J’ai passé une partie de "
        "la dernière à traduire pour mes élèves, ce qui n’est pas idéal "
        "pour un sujet aussi délicat.",
        "Je souhaite que le programme continue, mais avec des agents "
        "bilingues pour les écoles francophones, ou au moins du matériel "
        "adapté en français préparé avec les organismes de la communauté "
        "francophone de Calgary.",
        "Sophie Gauthier-Roy",
    ]), cte="8bit")
    return "s.gauthierroy@example.org", when, msg


def m23():
    when = calgary_time(11, 5, 10, 3, 20)
    msg = new_message(23, Address("Evelyn Marsh", "emarsh", "example.org"),
                      "Concerns about the consultation itself", when)
    msg.set_content(wrap([
        "Dear review team,",
        "I am a retired researcher who has worked on community consultations "
        "for many years. I have no view to offer on whether the programme "
        "should continue. My concern is whether this review will hear from "
        "the people most affected by it.",
        "The survey was online only, in English only, and open for three "
        "weeks during the busiest part of the school term. Students who have "
        "left school, been expelled or been charged - arguably the people "
        "with the most direct experience of the programme - are very "
        "unlikely to have answered it. Families without reliable internet or "
        "whose first language is not English are also likely to be missing.",
        "I would urge the review to say plainly in its report who did not "
        "take part, to hold in-person sessions in several languages, and to "
        "publish the programme's data on police contacts with students so "
        "that the community can check the conclusions for itself.",
        "Evelyn Marsh",
    ]), cte="7bit")
    return "emarsh@example.org", when, msg


def m24():
    when = calgary_time(11, 6, 16, 44, 2)
    msg = new_message(24, Address("Mateo Silva", "mateo.silva.2012", "example.com"),
                      "dont take away our officer", when)
    msg.set_content(wrap([
        "hi im in grade 8 at a catholic junior high. our officer runs "
        "basketball at lunch on tuesdays and thursdays and he is really "
        "good at it. he also helped when kids were being mean to my friend "
        "on snapchat.",
        "please dont take him away, lots of us would miss him.",
        "mateo",
    ]), cte="7bit")
    return "mateo.silva.2012@example.com", when, msg


def m25():
    when = calgary_time(11, 9, 14, 7, 55)
    msg = new_message(25, Address("Gilles Fortier-Labonté", "gfortier", "example.net"),
                      "Une consultation vraiment accessible en français ?", when)
    msg.set_content(wrap([
        "Bonjour,",
        "Je suis retraité et bénévole dans la communauté francophone de "
        "Calgary depuis trente ans.",
        "Je salue la possibilité d’envoyer un mémoire en français. "
        "Cependant, le document de consultation et le sondage en ligne "
        "n’existent qu’en anglais. Beaucoup de familles de FrancoSud, "
        "surtout les familles immigrantes, ne se sentiront pas invitées à "
        "participer.",
        "Sur le fond, mon avis est partagé. J’ai vu des agents faire un "
        "excellent travail auprès des jeunes, et j’entends aussi les "
        "inquiétudes des familles racisées. Je demande que le rapport final "
        "soit publié en français et que les réponses francophones soient "
        "analysées séparément, pour que leur voix ne se perde pas dans la "
        "masse.",
        "Gilles Fortier-Labonté",
    ]), cte="8bit")
    return "gfortier@example.net", when, msg


def m26():
    when = calgary_time(11, 10, 20, 31, 18)
    msg = new_message(26, Address("Carla Simpson", "carla.simpson", "example.com"),
                      "A Métis parent's submission", when)
    msg.set_content(wrap([
        "Tansi,",
        "I am a Métis mother of two. My children attend a CBE elementary "
        "school and a junior high.",
        "For many Indigenous families, the police are not a neutral "
        "presence in a school. Police officers helped take children to "
        "residential schools, including members of my own family. That "
        "history is not far away for us, and it shapes how our children "
        "feel when they see a uniform in the hallway. My son was stopped "
        "and questioned by the officer at his school about a theft he had "
        "nothing to do with. He has not trusted the school since.",
        "I know that some Indigenous families have asked for an officer in "
        "their child's school, and I respect that. But I would ask the "
        "boards to replace the programme with Indigenous liaison workers, "
        "Elders and Knowledge Keepers in schools, and cultural supports that "
        "help our children feel they belong there.",
        "If the programme continues, please make sure officers are trained "
        "in this history by Indigenous people, and that Indigenous families "
        "are consulted directly, not only through a survey.",
        "Carla Simpson",
    ]), cte="8bit")
    return "carla.simpson@example.com", when, msg


def m27():
    when = calgary_time(11, 12, 8, 15, 49)
    msg = new_message(27, Address("Ron Beaulieu", "ron.beaulieu", "example.net"),
                      "Traffic at drop-off", when)
    msg.set_content(wrap([
        "Hello,",
        "Not sure if this is the right place, but since this is about police "
        "at schools: the traffic at morning drop-off outside our school in "
        "the southeast is dangerous. Parents stop in the bus lane and do "
        "U-turns across the crosswalk every day.",
        "Could the officer be asked to hand out some tickets? Or could the "
        "city put up signs? Someone is going to get hurt.",
        "Ron Beaulieu",
    ]), cte="7bit")
    return "ron.beaulieu@example.net", when, msg


def m28():
    when = calgary_time(11, 13, 11, 2, 7)
    msg = new_message(28, Address("Brian Halvorsen", "bhalvorsen", "example.net"),
                      "From a retired officer", when)
    msg.set_content(wrap([
        "To the review committee,",
        "I served thirty-one years with a police service in Alberta, five of "
        "them as a school resource officer in the 1990s. I am now a "
        "grandfather of students in the Calgary Board of Education.",
        "The programme was created because schools wanted officers who knew "
        "their students, rather than strangers arriving in a patrol car when "
        "something went wrong. That reasoning still holds. An officer who "
        "knows a student can often solve a problem with a conversation.",
        "I understand the concerns about racism and I do not dismiss them; "
        "officers must be held to account. But I have read that some school "
        "boards elsewhere that ended their programmes later reconsidered, "
        "and I would urge this review not to make the same mistake. Keep the "
        "programme, improve the training and publish the results.",
        "Brian Halvorsen",
    ]), cte="7bit")
    return "bhalvorsen@example.net", when, msg


def m29():
    when = calgary_time(11, 16, 21, 4, 26)
    msg = new_message(29, Address("Yasmin Haddad", "yasmin.haddad", "example.com"),
                      "The officer helped our daughter", when)
    msg.set_content(wrap([
        "Hello,",
        "Last spring our daughter, who was 14, was targeted by someone online "
        "who threatened to share a photo unless she sent money. She was "
        "terrified and told no one for three days. When she finally told a "
        "teacher, the school resource officer met with us the same "
        "afternoon.",
        "He knew exactly what to do: how to save the messages, how to report "
        "the account, and what to tell our daughter so she understood that "
        "she was not the one in trouble. I don't know how we would have "
        "managed without him.",
        "I know other families have had different experiences, and I think "
        "schools also need more counsellors; our daughter waited six weeks to "
        "see one afterwards. But please keep the officers.",
        "Yasmin Haddad\nT2X 1Y7",
    ]), cte="7bit")
    return "yasmin.haddad@example.com", when, msg


def m30():
    when = calgary_time(11, 19, 17, 55, 41)
    msg = new_message(30, Address("Lorraine Tuplin", "l.tuplin", "example.org"),
                      "An educational assistant's experience", when)
    msg.set_content(wrap([
        "Hello,",
        "I work as an educational assistant in a CBE elementary school with "
        "a lot of students who have complex needs.",
        "I have mixed feelings. When a parent who was under a court order "
        "came to the school last year, I was very glad the officer was "
        "nearby. But I have also watched a seven-year-old become terrified "
        "when an officer walked into the classroom during a difficult "
        "moment, and I had to spend the rest of the day calming her.",
        "What would help us most is more adults who are trained to support "
        "children with trauma and disabilities: more educational assistants, "
        "counsellors and behaviour specialists. If officers stay, they should "
        "come into elementary classrooms only when there is a real safety "
        "need, or when they are invited for a planned visit.",
        "Lorraine Tuplin",
    ]), cte="7bit")
    return "l.tuplin@example.org", when, msg


# --------------------------------------------------------------------------
# The mailbox

_FROM_LINE = re.compile(rb"^(>*From )", re.MULTILINE)


def envelope_line(sender, when):
    utc = when.astimezone(timezone.utc)
    return (f"From {sender} {_DAYS[utc.weekday()]} {_MONTHS[utc.month - 1]} "
            f"{utc.day:2d} {utc:%H:%M:%S} {utc.year}\n").encode("ascii")


def to_bytes(msg):
    buf = io.BytesIO()
    # Never let the generator mangle "From " itself: the mbox writer quotes
    # the mboxrd way below.
    BytesGenerator(buf, mangle_from_=False, policy=msg.policy.clone(linesep="\n")).flatten(msg)
    return buf.getvalue()


def mboxrd_entry(sender, when, raw):
    body = _FROM_LINE.sub(rb">\1", raw)
    if not body.endswith(b"\n"):
        body += b"\n"
    return envelope_line(sender, when) + body + b"\n"


def build():
    entries = []
    for make in (m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12,
                 m13, m14, m15):
        sender, when, msg = make()
        entries.append((sender, when, to_bytes(msg)))

    # Message 16 is an exact resend of message 14: the sender was not sure
    # the first one had gone through.  Same bytes, same Message-ID, later
    # envelope date.
    sender, _, raw = entries[13]
    entries.append((sender, calgary_time(10, 26, 9, 58, 3), raw))

    for make in (m17, m18, m19, m20, m21, m22, m23, m24, m25, m26, m27, m28,
                 m29, m30):
        sender, when, msg = make()
        entries.append((sender, when, to_bytes(msg)))

    return b"".join(mboxrd_entry(s, w, r) for s, w, r in entries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output",
                        default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                             "sample.mbox"),
                        help="where to write the mailbox (default: sample.mbox next to this script)")
    args = parser.parse_args()
    data = build()
    with open(args.output, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
