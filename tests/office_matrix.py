"""Matrices as the secretariat's Word tables print them: DOCX documents of both 2016 layouts, built
with python-docx, and the records each holds.

`python tests/office_matrix.py [OUT_DIR]` (default tests/fixtures/office) writes may-2016.docx and
nov-2016.docx, converts them to PDF with LibreOffice (`soffice --headless --convert-to pdf`) and
writes the expected records beside them (expected-2016-05.jsonl, expected-2016-11.jsonl). It needs
python-docx and LibreOffice, so it runs on a dev machine only; the tests read the committed files.
It also writes the copies as they circulate, may-2016-word.docx and nov-2016-word.docx (`WordFeatures`:
Word list numbering, tracked changes, comments, hyperlinks, split tables), and LibreOffice's re-saves of
them (*-word-lo.docx); `--word-only` writes only those four.

What the documents carry, as Word users make these tables: landscape A4, a title paragraph, one
table whose header row repeats on each page (w:tblHeader), provision cells (and November's area
cells) merged down over their rows (w:vMerge), pillar headings in full-width merged rows
(w:gridSpan), cells of several paragraphs with typed "-", "•", "a)", "a.1)", "1.1" items and Word
list bullets (a Symbol-font glyph in the PDF), "Page N of M" footers from PAGE/NUMPAGES fields,
rows long enough to break across pages, and body names printed bottom to top (w:textDirection
btLr) in May.

Content: pillar A is the hand reading in /work/shared/reference (CONVENTIONS.md there): its records
are the expected records, with the few overrides in `_pillar_a` where this document prints a thing
differently (a column given to an item the rendition left unplaced, a provision printed in full).
The cells are transcribed from raw/ with the OCR damage undone. Rows of pillars B-D are taken from
raw/ as well; their records are written out by hand below (`B_TO_D`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT.parent / "shared" / "reference"  # ../shared beside the checkout, as the Makefile's SHARED
SPAN = None  # the position is covered by the merged cell above (w:vMerge continue)
AUTO_BULLET = "[•] "  # a line starting so is a Word list paragraph (style "List Bullet"), not a typed bullet


@dataclass(frozen=True)
class Heading:
    """A full-width merged row: a pillar heading or "IV. Action Plans"."""

    text: str


@dataclass(frozen=True)
class Rotated:
    """A cell whose text is printed bottom to top (w:textDirection btLr)."""

    text: str


HEADERS = {
    "may-2016": ("Provision", "Institutional Development", "Research Development", "Training/Capacity Building",
                 "Prevention", "Sectoral Body / Organ"),
    "nov-2016": ("Provisions of the ACTIP / Sections of APA",
                 "Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA",
                 "Proposed Programme /Project / Activities for 2016 - 2020", "Expected Outputs",
                 "Lead Sectoral Body/ Cooperating Sectoral Body", "Implementation Status"),
}
WIDTHS_MM = {"may-2016": (52, 46, 46, 46, 46, 29), "nov-2016": (50, 52, 72, 26, 40, 25)}
TITLES = {
    "may-2016": ("Possible Areas of Collaboration with other Relevant ASEAN Sectoral Bodies / ASEAN Organs under"
                 " the Framework of ASEAN Plan of Action (APA) Against Trafficking in Persons, Especially Women and"
                 " Children"),
    "nov-2016": ("Work Plan of the ASEAN Sectoral Bodies for the Implementation of the ASEAN Plan of Action Against"
                 " Trafficking in Persons, Especially Women and Children (APA) 2016 - 2020"),
}
FOOTERS = {"may-2016": "As of 31 May 2016", "nov-2016": "Draft as of November 2016"}
# Arial prints as Liberation Sans; Calibri, Word's default, as Carlito, whose "fi"/"ffi" ligatures
# LibreOffice uses, so the two documents differ in font metrics and in ligatures as real ones do.
FONTS = {"may-2016": ("Arial", 9), "nov-2016": ("Calibri", 10)}

# -- provisions (APA sections) as printed ---------------------------------------------------------

P_A = ("Increase awareness campaigns to educate all levels of society on trafficking in persons and its linkage to"
       " violation of human rights, targeting those most at risk with involvement of mass media, relevant"
       " nongovernmental organizations, private sectors, and community leaders.")
P_B_MAY = ("Continue capacity building of law enforcement, immigration, education, social welfare, labour and other"
           " relevant officials in the prevention of trafficking in persons, taking into count the need to respect"
           " human rights, child and gender-sensitive issues, and encourage cooperation, where appropriate, with civil"
           " society, non-governmental organizations.")
P_B_NOV = ("Continue capacity building of law enforcement, immigration, education, social welfare, labour and other"
           " relevant officials in the prevention of trafficking in persons, taking into account the need to respect"
           " human rights, child and gender-sensitive issues, and encourage cooperation, where appropriate, with civil"
           " society, non-governmental organization.")
P_BORDER = ("Put in place effective mechanisms and ensure their proper implementation to effectively prevent the"
            " movement of traffickers and victims of trafficking in persons through appropriate border control"
            " systems, issuance of identity papers and travel documents, and through measures that prevent"
            " counterfeiting, forgery or fraudulent use of identity papers and travel documents.")
P_LABOUR = ("Adopt and implement appropriate labour laws or other mechanisms that promote and protect the interests"
            " and rights of workers to reduce their risk of being trafficked.")
P_NAP = ("Adopt and ensure implementation of national action plans, where applicable, to identify and prioritise key"
         " policies and programmes aimed at preventing trafficking in persons, and strengthen the implementation and"
         " coordination and monitoring mechanisms of such plans.")
P_L_MAY = ("Strengthen prevention measures to discourage demand that fosters all forms of exploitation of persons,"
           " especially women and children that leads to trafficking, including to protect victims of trafficking in"
           " persons, especially women and children, from revictimisation.")
P_L_NOV = ("Strengthen prevention measures to discourage demand that fosters all forms of exploitation of persons,"
           " especially women and children, that leads to trafficking, including to protect victims of trafficking in"
           " persons, especially women and children, from revictimisation.")
# pillars B-D
P_REAFFIRM = ("Reaffirm that the promotion of human rights for all victims of trafficking and effective measures to"
              " respond to trafficking in persons are complementary and mutually reinforcing.")
P_CARE = ("In line with Article 14, Paragraph 10 of the ACTIP, continue development of appropriate care, protection"
          " and support for victims of trafficking in persons.")
P_AVENUES = ("Ensure that there are avenues for victims of trafficking in persons, with particular attention to child"
             " victims, to be provided with protection, assistance and services for the physical, psychological,"
             " social recovery and rehabilitation in cooperation with nongovernmental organizations and other relevant"
             " organizations and sectors of civil society, where appropriate, such as the establishment of a network"
             " of service providers to provide for medical care, counseling, education and training opportunities,"
             " legal aid and translation services.")
P_LIABLE = ("Subject to domestic laws, rules, regulations and policies, and in appropriate cases, consider not holding"
            " victims of trafficking in persons criminally or administratively liable, for unlawful acts of"
            " trafficking in persons.")
P_WITNESS = ("Continue the development of suitable and effective protection mechanism for witnesses of trafficking in"
             " persons, where appropriate")
P_INTENSIFY = ("Intensify capacity building, where appropriate, of law enforcers, prosecutors, judges, immigration"
               " officers, foreign service officers, labour inspectors, social welfare officers and other relevant"
               " personnel involved in combatting trafficking in persons;")
P_PROACTIVE = ("Develop pro-active investigation methods and where appropriate, to conduct surveillance and other"
               " pro-active measures to gather evidence to establish a case to prosecute trafficking in persons cases"
               " even without the testimony of victims;")
P_PROSECUTE = ("Prosecute crimes of trafficking in persons that encompass all forms of exploitation and enact, enforce"
               " and strengthen legislation that criminalises all forms of trafficking in persons, especially women and"
               " children;")
P_MLA_CAPACITY = ("Strengthen capacity building activities for the purposes of improving the preparation and receiving"
                  " of requests relating to mutual legal assistance, extradition and cross-border law enforcement"
                  " cooperation to prevent and combat trafficking in persons.")
P_MLA = ("Render to one another the widest possible measure of mutual legal assistance in criminal matters to"
         " prosecute and punish crimes of trafficking in persons in accordance with the Treaty on Mutual Legal"
         " Assistance in Criminal Matters and bilateral undertakings.")
P_INTL = ("Utilise international cooperation, including through mutual legal assistance in accordance with the"
          " provisions of the Treaty on Mutual Legal Assistance in Criminal Matters, and consistent with domestic laws"
          " and regulations of each ASEAN Member State, to ensure the effective investigation, prosecution and"
          " confiscation of assets relating to trafficking in persons.")


P_RECOGNISE = ("Recognise the important role of civil society organizations in each ASEAN Member State in providing"
               " assistance and empowerment to victims of trafficking in persons, helping them to seek redress and"
               " facilitating the care of and provision of appropriate services to victims, including close"
               " cooperation and coordination with law enforcement officials.")
A_CARE_SOMSWD = ("Continue to coordinate efforts to ensure that the provision of care and support services is"
                 " sustainable and comprehensive")
K_SURVEY = ("Conduct region-wide survey of trafficking related laws including those dealing with money-laundering,"
            " MLAT and extradition with a view of identifying effective practices within and outside the region."
            " Such survey may further strengthen regional legal mechanisms in identified areas such as extradition;")
K_GUIDELINES = ("Utilize existing regional guidelines as well as develop or strengthen national guidelines for the"
                " identification of victims of trafficking person, including applying appropriate and prevent"
                " trafficking in persons and minimize the exploitation of victims.")
K_HANDBOOK = ("Law enforcers to familiarize with the ASEAN Handbook on International Legal Cooperation in TIP Cases,"
              " ASEAN Practitioners Guidelines on Effective Criminal Justice Responses to TIP, and other related"
              " regional and international instruments on TIP cases")
K_ENCOURAGING = ("Encouraging criminal investigators, prosecutors, and law enforcers from around the region to meet"
                 " regularly and exchange best practices and experiences in investigating TIP cases")
K_LABOUR = ("Adopt and implement appropriate labour laws or other mechanisms that promote and protect the interests"
            " and rights of workers to reduce risk of being trafficked.")


def lettered(letter: str, text: str) -> str:
    return f"{letter}. {text}" if letter else text


# -- May 2016: Provision | Institutional | Research | Training | Prevention | Sectoral Body / Organ --

B = AUTO_BULLET
MAY_ROWS: list = [
    Heading("IV. Action Plans"),
    Heading("A. Prevention of TIP"),
    (lettered("A", P_A), "", "",
     f"{B}Linking/Uploading of SOMTC activities to ACWC website\n"
     f"{B}Disseminate materials related to TIP (i.e. EVAC and EVAW)", "", "ACWC"),
    (SPAN, "", "-Thematic Studies on the existing policies to prevent TIP and how it can be improved.",
     "- AICHR Workshop on Effective Communication Strategies to Combat Trafficking in Persons (Priority Programme of"
     " the AICHR 2016)\n- Workshop on Addressing Root causes of TIP", "-Public awareness campaign on TIP", "AICHR"),
    (SPAN,
     f"{B}Ministries of Education to support the lead Ministries of trafficking in persons in dissemination of"
     f" information on trafficking in persons in schools.\n{B}Set Monitoring and Evaluation Mechanism.", "", "",
     "-Youth campaign in Freedom Place\n-Campaign in Prah Sihanouk Ville\n-Campaign in Siem Reap\n- Disseminate"
     " information to schools through materials provided by APSC and endeavor to include such knowledge in school"
     " activities in order to increase awareness among the students and teachers.", "SOM-ED"),
    (SPAN, "- Strengthen the linkages with Local Government Units",
     "- Publication of an ASEAN Compendium of Migrant Workers Education and Orientation Program and Safe Migration"
     " Campaigns.", "", "", "SLOM (ACMW)"),
    (SPAN,
     f"{B}Incorporation of a curriculum on Combating TIP by DFA-FSI, PNP, DOJ, BI\n{B}CHED to support the"
     " incorporation of a curriculum on combating TIP by the academe on criminology",
     "- Focus on sectoral-bodies. Country activities can be mention but misleading for implementation in the future"
     " on who can lead such activities — identify the dimension of the cross-sectoral initiative.\n- Suggested that"
     " research can be conducted, undertaking a literature review of all researches against TIP.\n*SOMTC to"
     " coordinate with ACWC re: ongoing research for the protection of women and children",
     "- Hold workshops, seminars, table top exercises that will further enhance capacity ad capability of law"
     " enforcers units of the ASEAN for an effective response on TIP related crimes\n- JULY 30- Celebration of"
     " World Day Against TIP (UN Resolution A/RES/68/192)",
     "- There is a need to undertake a youth campaign against TIP among the youth. (e.g. One Philippine NGO has been"
     " educating the youth with different activities in various places, with the youth organizing the campaign)\n"
     "-Conduct of regular conferences among law enforcement officers of each ASEAN Member States involved in TIP"
     " cases to enhance information sharing and tighten cross-border cooperation.\n-Promote close coordination with"
     " other appropriate regional structures such as INTERPOL and ASEANAPOL", "SOMTC"),
    (SPAN,
     "- Basic information flow and repository.\nSuggested a focal point in each of the AMS to report (e.g., SOMHD"
     " Philippines report is included in SOMTC Philippines report. \"Integration)", "", "", "", "SOMHD"),
    (lettered("B", P_B_MAY),
     "- ACWC may provide resource persons, trainers or lecturers who have expertise on child's rights, women's rights"
     " and gendersensitive issues, especially those that pertain to aspects of trafficking.", "", "", "", "ACWC"),
    (SPAN, "", "", "- Training for trainers for law enforcement agencies in the prevention of TIP.", "", "AICHR"),
    (SPAN, "", "- Research on illegal issue on force labor, cause and effect on inbound and outbound force labor.",
     "-Launching the Prevention in Trafficking in Person Action Plan\n- Ministries of Education to build capacity of"
     " school heads and teachers in identification and referral of victims of trafficking in persons.",
     "Campaign on:\n-Communes\n-Youth Forum on this PTIP topic\n-Workshops\n-National Television shows\n-Teacher and"
     " Communities Forum", "SOM-ED"),
    (SPAN, "", "",
     "- ASEAN Workshop on Improving Border Controls and Strengthening the Capacity of Law Enforcement Authorities to"
     " Address Irregular Migration and Trafficking in Persons 01-02 June 2016, Manila, Philippines", "",
     "SLOM (ACMW)"),
    (SPAN,
     f"{B}Compile list of relevant guidelines on TIP from different ASEAN Sectoral Bodies\n{B}Provide focal points"
     f" in monitoring the inventory.\n{B}Maintenance of Identified Pool of trainers", "",
     "- Hold workshops, seminars, table top exercises that will further enhance capacity ad capability of law"
     " enforcers units of the ASEAN for an effective response on TIP related crimes", "", "SOMTC"),
    (P_BORDER, "", "", "",
     "- Include activities like Lost & Stolen Passport (LSP) Online Enquiry Facility (was closed in 2013) to share"
     " LSP information among AMS.", "DGICM"),
    (SPAN, "", "-Research on cases and set the flow of reports.", "",
     "-Information Campaign (through media, districts/ provincial and schools)\n- Promote the campaign through mass"
     " media\n- Set the PTIP team down to grassroots.", "SOM-ED"),
    (SPAN,
     "Note: The ACMW Work Plan 2016-2020 Includes a thematic area on labour dimension of trafficking in persons.\n"
     "• Workshop on Investigation and Prosecution Related to Labour Dimension of TIP in ASEAN\n• Workshop on"
     " Strengthening the Capacity of Labour Officials in the Prevention of TIPs.", "", "", "", "SLOM (ACMW)"),
    (SPAN,
     "- Creation of database of Blacklisting system/ sharing of information to other countries in the region.\n"
     "-Documentation of training programs and other activities along the border control aspects.\n- Strengthen the"
     " Heads of Specialist Anti-Trafficking Unit (HSU) mechanism within ASEAN.\n- Constant monitoring of the"
     " implementation of the HSU Annual Work Plan\n- Encourage all ASEAN Member States to establish their Specialized"
     " Anti-Trafficking Unit (ATU) who will be responsible in executing the annual Work Plan of the HSU.\n- Encourage"
     " ASEAN Member States to develop their internal data collection systems within each ASEAN Member States"
     " Specialist unit to ensure that all cross-border cooperation activities are fully captured.", "",
     "- Train the border control officers and law enforcement agency through appropriate border control systems,"
     " issuance of identity papers and travel documents, and through measures that prevent counterfeiting, forgery or"
     " fraudulent use of identity papers and travel documents.\n-Conduct a regular training, workshop for law"
     " enforcement agencies and other stakeholders of each ASEAN Member States to enhance cross-border"
     " joint-investigation and information sharing, especially on TIP syndicate.",
     "- Share experience on border checkpoints and the use of various dialects and languages (English and home"
     " country language) for the migrant workers to understand.\n- Public campaign awareness to identify the victim"
     " of trafficking.\n-ASEAN Member States to facilitate information exchange through the INTERPOL Global"
     " Communication System or I-24/7 or a similar highly secure system using Internet protocols which enables ASEAN"
     " Member States to access multiple databases containing critical information and send requests for assistance"
     " through the system.\n-Finalise a common and rapid system for the HSU units to use the Interpol I-24/7"
     " communications system and to set an implementation date.\n-Implementation of the ASEAN Legal Information"
     " Network System (LINKS)", "SOMTC"),
    (P_LABOUR,
     "- Experience sharing on recovery and rehabilitation support to the victims of TIP, particularly child victims",
     "", "", "", "AICHR"),
    (SPAN, "", "- Research on place of work, border and survey on related persons.",
     "- Workshop for Law Enforcement and Center Visits", "", "SOM-ED"),
    (SPAN,
     "- Creation of Shelter/ comprehensive care for victims of TIP.\n- Creation of MOU for protection of victims.\n"
     "- Protection of victims in drafting SOP via workshop where all AMS can share experiences.\n- Encourage the"
     " development of multilateral or bilateral legal arrangements where practicable and in accordance with"
     " respective ASEAN Member States' domestic law and policies to facilitate apprehension, investigation,"
     " prosecution and extradition, exchange of witnesses, sharing of evidence, inquiry, seizure and forfeiture of"
     " the proceeds of the crime in order to enhance the mutual legal and administrative assistance among ASEAN"
     " Member States. A process of Standard Operating Procedure should be applied among ASEAN Member States.",
     "", "", "", Rotated("SOMTC")),
    (P_NAP, "", "",
     "* Refer to the relevant sections of RPA-EVAW and RPA-EVAC Regional Plan of Action- Elimination of Violence"
     " Against Women and Regional Plan of Action- Elimination of violence Against Children", "", "ACWC"),
    (SPAN,
     f"{B}Monitoring , Evaluation and Reports\n{B}Implementation of Action Plan to be carried out at national level"
     f" .\n{B}Integrate monitoring evaluation and reports on the action plan.",
     "-Research on the results of TIP cases in communities through Youth and public forum.", "", "", "SOM-ED"),
    (SPAN,
     "Note: The new ASEAN Labour Ministers' Work Programme 2016-2020 Includes a thematic area on labour dimension of"
     " trafficking in persons. ACMW is assigned to be a responsible Subsidiary Body of SLOM for this thematic area."
     " ACMW is to develop a new Work Plan 2016-2020 which will elaborate on projects/ activities that will correspond"
     " to this thematic area.", "", "", "", "SLOM (ACMW)"),
    (SPAN,
     "- Each country should have monitoring evaluation and reports.\n- Encourage ASEAN Member States to develop their"
     " internal data collection systems within each ASEAN Member States Specialist Unit to ensure that all"
     " cross-border cooperation activities are fully captured and subsequently reported annual HSU Meeting and in"
     " SOMTC Working Group on TIP.",
     "- Conduct region-wide survey of trafficking related laws including those dealing with money laundering, MLAT"
     " and extradition with a view of identifying effective practices within and outside the region. Such survey"
     " may further strengthen the regional legal mechanisms in identified areas such as extradition; Adopt and"
     " implement appropriate labour laws or other mechanisms that promote and protect the interests and rights of"
     " workers to reduce their risk of being trafficked.", "",
     "- ASEAN Member States to facilitate information exchange through the INTERPOL Global Communication System or"
     " I-24/7 or a similar highly secure system using Internet protocols which enables ASEAN Member States to access"
     " multiple databases containing critical information and send requests for assistance through the system;"
     " Develop national data collection systems in relation to trafficking in persons and methods of exchange of"
     " such data between and among ASEAN Member States with a view of developing a regional database for"
     " trafficking in persons.", "SOMTC"),
    (lettered("L", P_L_MAY), "", "",
     "- AICHR Regional Workshop on the Preventive Measures to Combat Trafficking in Persons (TBC)", "", "ACWC"),
    (SPAN, "", "", "- Cooperation and exchange of information of the involved countries.",
     "- Field Visit and Action Operation", "SOM-ED"),
    (SPAN,
     "Note: The new ASEAN Labour Ministers' Work Programme 2016-2020 includes a thematic area on labour dimension of"
     " trafficking in persons. ACMW is assigned to be a responsible Subsidiary Body of SLOM for this thematic area."
     " ACMW is to develop a new Work Plan 2016-2020 which will elaborate on projects/ activities that will correspond"
     " to this thematic area.", "", "", "", "SLOM (ACMW)"),
    (SPAN, "",
     "- Conduct research studies on TIP in coordination with reputable domestic research institutions and state"
     " agencies involved in combating TIP.",
     "- Conduct a regular training, workshop for law enforcement agencies and other stakeholders of each ASEAN Member"
     " States to enhance cross-border joint-investigation and information sharing, especially on TIP syndicate.",
     "- Develop regional training workshops, on the management of coordinated investigation teams and"
     " implementation of specialized investigative techniques", "SOMTC"),
    # -- pillars B-D: rows taken from raw/000, records in B_TO_D
    Heading("B. Protection of Victims"),
    (lettered("A", P_REAFFIRM),
     "- Annual Consultation on Human Rights-based Approach in the Implementation of ACTIP and APA (Priority Programme"
     " of the AICHR 2016)", "", "", "", "AICHR"),
    (SPAN,
     "- Continue to coordinate efforts to ensure that the provision of care and support services is sustainable and"
     " comprehensive", "", "", "", "SOMSWD"),
    (SPAN, "", "", "- Workshop or Consultation Meeting", "", "SOM-ED"),
    (lettered("B", P_CARE),
     "- ACWC may have a project on this section in its 2016-2020 Work Plan especially in view of the findings of the"
     " Project on TIP led by Lao PDR", "", "", "", "ACWC"),
    (SPAN, "", "",
     "-Capacity-building for gender sensitive/ child-friendly/rights-based handling of cases by frontline personnel"
     " and agencies at all administrative levels.",
     "-Create a venue where investigators and prosecutors could meet and discuss the problems in the prosecution of"
     " TIP cases.", "SOMTC"),
    (P_AVENUES,
     "-All schools have a ATIP Team\n-Information through line connection\n-Report\n- Field visits", "", "", "",
     "SOM-ED"),
    (SPAN, "- ACWC may be able to provide through NOSSA (Network of Social Service Agencies)", "", "", "", "ACWC"),
    Heading("C. Law Enforcement and Prosecution of Crimes of Trafficking in Persons"),
    (lettered("H", P_WITNESS), "", "",
     "- Create a venue where investigators and prosecutors could meet and discuss the problems in the prosecution of"
     " TIP cases.", "", "SOMTC"),
    (lettered("K", P_INTENSIFY),
     "a) Conduct region-wide survey of trafficking related laws including those dealing with money-laundering, MLAT"
     " and extradition with a view of identifying effective practices within and outside the region.\nb) Adopt and"
     " implement appropriate labour laws or other mechanisms that promote and protect the interests and rights of"
     " workers to reduce risk of being trafficked.", "", "",
     "- Utilize existing regional guidelines as well as develop or strengthen national guidelines for the"
     " identification of victims of trafficking person", "SOMTC"),
    Heading("D. Regional and International Cooperation and Coordination"),
    (lettered("A", P_MLA_CAPACITY), "", "- Research on Issue on fields relevant to TIP.",
     "- Trainings and Scholarships in extradition and cross-border law enforcement cooperation to prevent and combat"
     " trafficking in persons.", "- Open Opinion Boxes", "SOM-ED"),
    (lettered("B", P_MLA),
     "- Explore the use of bilateral and multilateral extradition and the Treaty on Mutual Legal Assistance in"
     " Criminal Matters among like-minded ASEAN Member States (MLAT) which may be applicable for TIP and related"
     " crimes, subject to the respective domestic law and policies of ASEAN Member States.", "", "", "", "SOMTC"),
    (lettered("C", P_INTL),
     "-Common Operational Standard on cases\n-Law enforcements on arrival borders\n- Strict control on Labor Agent"
     " in each country member.", "", "", "", Rotated("SOM-ED")),
]

# -- November 2016: Provision | Area | Activities | Expected Outputs | Lead / Cooperating | Status --

# An invented row of pillar B, long enough to be cut by a page break.
SERVICE_PROVIDERS = (
    "Map the existing shelters and service providers for victims of trafficking in each ASEAN Member State",
    "Develop a regional directory of service providers for medical care, counseling, education and legal aid",
    "Conduct exchange visits among social workers of shelters for child victims of trafficking",
    "Share good practices on the recovery and reintegration of victims of trafficking in persons",
    "Develop guidelines on the referral of victims between service providers across borders",
    "Hold a regional forum of service providers with civil society organizations",
)
NOV_ROWS: list = [
    Heading("A. PREVENTION OF TIP"),
    (lettered("A", P_A), "Public awareness campaign on TIP and Legal processes of Migration",
     "- Linking/Uploading of SOMTC Anti-Trafficking activities in the ASEAN and ACWC Website\n- Disseminate regional"
     " materials on Trafficking in Persons and related cases (i.e. EVAC and EVAW), including in international"
     " airports and seaports", "", "Lead: SOMTC\nCSB: ACWC", ""),
    (SPAN, SPAN,
     "- Develop a tool for school heads and teachers on the identification and referral of victims of trafficking in"
     " persons.", "", "CSB: SOMTC & SOMED", ""),
    (SPAN, SPAN,
     "- Develop a Regional Program to commemorate the World Day of Trafficking in Persons (July 30)", "",
     "Lead: SLOM and SOMTC\nCSB: AICHR", ""),
    (SPAN, "Conduct thematic studies on TIP and related issues",
     "- Research on forced labor issues, cause and effect on inbound and outbound in the ASEAN region", "",
     "Lead: SLOM", ""),
    (SPAN, SPAN,
     "- Conduct research and share findings on typologies and trends of TIP cases in the region for the purposes of"
     " identifying prevention strategies", "", "Lead: SOMTC\nCSB: SOMSWD and ACWC", ""),
    (SPAN, SPAN,
     "- Publish an ASEAN Compendium of Migrant Workers Education Orientation Programs, and Safe Migration Campaigns",
     "", "Lead: SLOM", ""),
    (SPAN, "Regional Workshops on Prevention Strategies to combat TIP",
     f"Conduct Regional Workshops on:\n{B}Community-based protection system to identify best regional practices.\n"
     f"{B}Addressing Root causes of TIP\n{B}Effective Communication Strategies to Combat Trafficking in Persons"
     " [Priority Programme of the AICHR 2016]", "", "\nLead: SOMSWD\n\nLead: AICHR\nLead: AICHR", ""),
    (lettered("B", P_B_NOV), "Provision of resource persons",
     "- Develop and Maintain of roster of regional experts, trainers and resource persons on TIP", "",
     "Lead: SOMTC", ""),
    (SPAN, "Compilation of relevant guidelines on TIP from different ASEAN Sectoral Bodies",
     "- Compile, popularize and promote relevant guidelines on TIP developed by different ASEAN Sectoral Bodies", "",
     "Lead: SOMTC\nCSB: ACWC and AICHR", ""),
    (SPAN, "Regional Capacity Building on TIP",
     "- Workshop to Strengthening the Capacity of Labour Inspectors in the Prevention of TIP especially on:\n"
     "• Victim identification\n• International legal framework\n• Protection of and assistance to victims", "",
     "Lead: SLOM\nCSB: SOMTC", ""),
    (SPAN, SPAN,
     "- Workshop for border control officers and law enforcement agencies on:\n• border control systems\n• issuance"
     " of identity papers and travel documents,\n• Measures that prevent counterfeiting, forgery or fraudulent use of"
     " identity papers and travel documents.", "", "Lead: DGICM\nCSB: SOMTC", ""),
    (SPAN, SPAN, "- Training for trainers for law enforcement agencies in the prevention of TIP.", "",
     "Lead: AICHR", ""),
    (P_BORDER, "Sharing of Information",
     "- Develop an integrated system to facilitate sharing of information among AMS ON LSP and fraudulent"
     " documents.", "", "Lead: DGICM\nCSB: SOMTC", ""),
    (SPAN, SPAN,
     "- Conduct sharing session on improving and enhancing sharing of information among ASEAN Member States through"
     " the INTERPOL Global Communication System or I-24/7", "", "Lead: SOMTC\nCSB: DGICM", ""),
    (SPAN, SPAN,
     "- Create blacklist database of traffickers and share information to other countries in the region.", "",
     "Lead: SOMTC\nCSB: DGICM", ""),
    (P_LABOUR, "Sharing of Best Practices",
     "- Conduct seminars on Migrant Workers Education Orientation Programs, and Safe Migration Campaigns", "",
     "Lead: SLOM\nCSB: ASLOM", ""),
    (P_NAP, "Coordination on the Implementation of Action Plans",
     "Workshop to align National Action Plans (NAPs) with ACTIP and APA", "", "Lead: SOMTC\nCSB: All other SB", ""),
    (lettered("L", P_L_NOV), "Identification of the trends on the demand side of Trafficking in Persons",
     "- Conduct Workshop on Prevention Measures to Combat Trafficking in Persons especially on addressing the demand"
     " side of trafficking", "", "Lead: AICHR\nCSB: ACWC and SOMTC", ""),
    (SPAN, SPAN, "- Sharing of best practices on Case Studies / Field Visit and Action Operation", "",
     "Lead: SOMSWD", ""),
    (SPAN, SPAN, "- Conduct research on the trends on the demand side of trafficking", "", "Lead: ACWC\nCSB: AICHR",
     ""),
    # -- pillars B-D: rows taken from raw/001 (cleaned), records in B_TO_D
    Heading("B. PROTECTION OF VICTIMS"),
    (lettered("A", P_REAFFIRM),
     "A. Annual Consultation on Human Rights-based Approach in the Implementation of ACTIP and APA [AICHR]",
     "a) Compilation of good practices in the protection of TIP survivors among AMS' Sectoral Bodies",
     "Compendium of good practices", "a)Lead: ACWC\nAICHR, SOMHD", "Ongoing"),
    (SPAN, SPAN,
     "b) Development of an ASEAN-Oriented Guidelines for victim identification (Lead country: ACWC Thailand)", "",
     "b)Lead: ACWC\nAICHR, SLOM, SOMTC", ""),
    (lettered("D", P_LIABLE),
     "A. Enhancing capacity for law enforcement in identifying victims of trafficking (inputs from Group 2)",
     "a.1)Training for Law Enforcement and Prosecutors on victim identification", "Training modules",
     "a.1)Lead: SOMTC\nSLOM, ASLOM, AICHR, ACWC", "For 2017"),
    (SPAN, SPAN,
     "a.2)Regular Workshop / Training on identification of victims for frontline officers", "",
     "a.2)Lead: ACWC\nSOMSWD", ""),
    (P_AVENUES, "Regional network of service providers", "\n".join(f"- {a}" for a in SERVICE_PROVIDERS),
     "Directory of service providers", "Lead: SOMSWD\nCSB: ACWC, SOMHD", "Ongoing"),
    Heading("C. LAW ENFORCEMENT AND PROSECUTION OF CRIMES OF TRAFFICKING IN PERSONS"),
    (lettered("B", P_PROACTIVE),
     "1. Utilize existing regional and international mechanisms including:\n1.1 INTERPOL tools and resources;",
     "1.1.1 I-24/7, Red Notice\n1.1.2 MIND/FIND Program", "", "Lead: SOMTC\nCooperating Sectoral Body: DGICM", ""),
    (SPAN, "1.2 DGICM forum, including ASEAN Immigration Intelligence Forum (AIIF);",
     "1.2.1 Elaborate the ASEAN Immigration Intelligence Forum (AIIF).\n1.2.2 Continue the efforts on the Lost and"
     " Stolen Passports Program", "", "Lead: DGICM", ""),
    (lettered("E", P_PROSECUTE), "Regional capacity building for prosecutors, judges, and law enforcers.",
     "1.1 Joint activities or table-top exercises for prosecutors, judges, and law enforcers to tackle cases on TIP"
     " i.e. victim protection.\n1.2 Tap the assistance of ASEAN Council of Chief Justices through the creation of"
     " special courts on TIP cases.", "", "Lead: SOMTC\n\nLead: ASLOM", ""),
    Heading("D. REGIONAL AND INTERNATIONAL COOPERATION AND COORDINATION"),
    (lettered("A", P_MLA_CAPACITY), "Capacity building on mutual legal assistance and extradition",
     "- Regional training on the preparation of requests for mutual legal assistance\n- Scholarships in extradition"
     " and cross-border law enforcement cooperation", "Training reports", "Lead: ASLOM\nCSB: SOMTC", "Ongoing"),
    (SPAN, SPAN, "- Develop a directory of central authorities for mutual legal assistance", "", "Lead: ASLOM", ""),
    (lettered("B", P_MLA), "Sharing of Information",
     "• Exchange of information on cases through the SOMTC Working Group on TIP", "",
     "Lead: SOMTC\nCSB: DGICM, ASLOM", ""),
]


# -- November body cells: the rows issue 10 names, as raw/001 prints them ---------------------------
# A document of its own (nov-2016-bodies.docx/.pdf), so the pages of nov-2016 stay as its tests know
# them. tests/test_front_ends_agree.py reads it beside the November text rendition.

NOV_BODY_ROWS: list = [
    Heading("A. PREVENTION OF TIP"),
    # lines 27-34
    (lettered("A", P_A), "Public awareness campaign on TIP and Legal processes of Migration",
     "- Linking/Uploading of SOMTC Anti-Trafficking activities in the ASEAN and ACWC Website\n- Disseminate regional"
     " materials on Trafficking in Persons and related cases (i.e. EVAC and EVAW), including in international"
     " airports and seaports", "", "Lead: SOMTC\nCSB: ACWC", ""),
    (SPAN, SPAN,
     "- Develop a tool for school heads and teachers on the identification and referral of victims of trafficking in"
     " persons.", "", "CSB: SOMTC & SOMED", ""),
    (SPAN, SPAN,
     "- Develop a Regional Program to commemorate the World Day of Trafficking in Persons (July 30)", "",
     "Lead: SLOM and SOMTO\nCSB: AICHR", ""),
    (SPAN, "Conduct thematic studies on TIP and related issues",
     "- Research on forced labor issues, cause and effect on inbound and outbound in the ASEAN region", "",
     "Lead: SLOM", ""),
    Heading("B. PROTECTION OF VICTIMS"),
    # lines 167/170: a) has its lead group, b) none
    (P_RECOGNISE, f"A. {A_CARE_SOMSWD} [SOMSWD]",
     "a)Workshops or Consultation Meetings to enhance cooperation with CSOs (inputs from Group 2) *For clarification"
     " from SOM-ED\nb)Dialogue with private sectors for possible cooperation on TIP thru their Corporate Social"
     " Responsibility initiatives", "", "a)Lead: SOM-ED/ SOMSWD\nAICHR\nACWC\nSLOM", ""),
    Heading("C. LAW ENFORCEMENT AND PROSECUTION OF CRIMES OF TRAFFICKING IN PERSONS"),
    # lines 172-175: one table row, one body cell for 1.1 and 1.2
    (lettered("B", P_PROACTIVE),
     "1. Utilize existing regional and international mechanisms including:\n1.1 INTERPOL tools and resources;\n"
     "1.2 DGICM forum, including ASEAN Immigration Intelligence Forum (AIIF);",
     "1.1.1 I-24/7, Red Notice\n1.1.2 MIND/FIND Program\n1.2.1 Elaborate the ASEAN Immigration Intelligence Forum"
     " (AIIF).\n1.2.2 Continue the efforts on the Lost and Stolen Passports Program", "",
     "Lead: SOMTC\nCooperating Sectoral Body: DGICM", ""),
    # lines 190-197: row K prints "Lead: ASLOM" beside item 1 and "Lead: SOMTC" beside 3.1; the next row
    # prints no body at all
    (lettered("K", P_INTENSIFY),
     f"1. {K_SURVEY}\n2. Collaboration and coordination of countries in prosecuting trafficking victims\n"
     f"3. {K_GUIDELINES}",
     f"\n\n\n\n\n\n3.1 {K_HANDBOOK}", "", "Lead: ASLOM\n\n\n\n\n\n\nLead: SOMTC", ""),
    (SPAN, f"{K_ENCOURAGING} - {K_LABOUR} (for Protection of Victims)",
     "4.1 Workshops and seminars for criminal investigators, prosecutors, and law enforcers\n4.2 HSU to interface"
     " with DGICM and ASLOM\n4.3 Tap the assistance of ASEAN Law Association (ALA)", "", "", ""),
]


# -- expected records -----------------------------------------------------------------------------

def rec(draft: str, pillar: str, letter: str, provision: str, activity: str, lead: tuple[str, ...],
        cooperating: tuple[str, ...] = (), *, area: str = "", category: str = "", ref: str = "",
        kind: str = "activity", note: str = "") -> dict:
    return {"draft": draft, "pillar": pillar, "provision_letter": letter, "provision_text": provision, "area": area,
            "category": category, "activity_ref": ref, "activity": activity, "kind": kind, "lead": list(lead),
            "cooperating": list(cooperating), "note": note}


ID, RD, TR, PR = "Institutional Development", "Research Development", "Training/Capacity Building", "Prevention"
M, N = "2016-05", "2016-11"
A_AICHR = "Annual Consultation on Human Rights-based Approach in the Implementation of ACTIP and APA"
A_CAPACITY = "Enhancing capacity for law enforcement in identifying victims of trafficking"
A_INTERPOL = "Utilize existing regional and international mechanisms including: INTERPOL tools and resources;"
A_DGICM = "DGICM forum, including ASEAN Immigration Intelligence Forum (AIIF);"
A_PROSECUTORS = "Regional capacity building for prosecutors, judges, and law enforcers."
A_MLA = "Capacity building on mutual legal assistance and extradition"
B_TO_D = [
    rec(M, "B", "A", P_REAFFIRM, "Annual Consultation on Human Rights-based Approach in the Implementation of ACTIP"
        " and APA (Priority Programme of the AICHR 2016)", ("AICHR",), category=ID),
    rec(M, "B", "A", P_REAFFIRM, "Continue to coordinate efforts to ensure that the provision of care and support"
        " services is sustainable and comprehensive", ("SOMSWD",), category=ID),
    rec(M, "B", "A", P_REAFFIRM, "Workshop or Consultation Meeting", ("SOM-ED",), category=TR),
    rec(M, "B", "B", P_CARE, "ACWC may have a project on this section in its 2016-2020 Work Plan especially in view of"
        " the findings of the Project on TIP led by Lao PDR", ("ACWC",), category=ID),
    rec(M, "B", "B", P_CARE, "Capacity-building for gender sensitive/ child-friendly/rights-based handling of cases by"
        " frontline personnel and agencies at all administrative levels.", ("SOMTC",), category=TR),
    rec(M, "B", "B", P_CARE, "Create a venue where investigators and prosecutors could meet and discuss the problems"
        " in the prosecution of TIP cases.", ("SOMTC",), category=PR),
    rec(M, "B", "", P_AVENUES, "All schools have a ATIP Team", ("SOM-ED",), category=ID),
    rec(M, "B", "", P_AVENUES, "Information through line connection", ("SOM-ED",), category=ID),
    rec(M, "B", "", P_AVENUES, "Report", ("SOM-ED",), category=ID),
    rec(M, "B", "", P_AVENUES, "Field visits", ("SOM-ED",), category=ID),
    rec(M, "B", "", P_AVENUES, "ACWC may be able to provide through NOSSA (Network of Social Service Agencies)",
        ("ACWC",), category=ID),
    rec(M, "C", "H", P_WITNESS, "Create a venue where investigators and prosecutors could meet and discuss the"
        " problems in the prosecution of TIP cases.", ("SOMTC",), category=TR),
    rec(M, "C", "K", P_INTENSIFY, "Conduct region-wide survey of trafficking related laws including those dealing"
        " with money-laundering, MLAT and extradition with a view of identifying effective practices within and"
        " outside the region.", ("SOMTC",), category=ID, ref="a)"),
    rec(M, "C", "K", P_INTENSIFY, "Adopt and implement appropriate labour laws or other mechanisms that promote and"
        " protect the interests and rights of workers to reduce risk of being trafficked.", ("SOMTC",), category=ID,
        ref="b)"),
    rec(M, "C", "K", P_INTENSIFY, "Utilize existing regional guidelines as well as develop or strengthen national"
        " guidelines for the identification of victims of trafficking person", ("SOMTC",), category=PR),
    rec(M, "D", "A", P_MLA_CAPACITY, "Research on Issue on fields relevant to TIP.", ("SOM-ED",), category=RD),
    rec(M, "D", "A", P_MLA_CAPACITY, "Trainings and Scholarships in extradition and cross-border law enforcement"
        " cooperation to prevent and combat trafficking in persons.", ("SOM-ED",), category=TR),
    rec(M, "D", "A", P_MLA_CAPACITY, "Open Opinion Boxes", ("SOM-ED",), category=PR),
    rec(M, "D", "B", P_MLA, "Explore the use of bilateral and multilateral extradition and the Treaty on Mutual Legal"
        " Assistance in Criminal Matters among like-minded ASEAN Member States (MLAT) which may be applicable for TIP"
        " and related crimes, subject to the respective domestic law and policies of ASEAN Member States.",
        ("SOMTC",), category=ID),
    rec(M, "D", "C", P_INTL, "Common Operational Standard on cases", ("SOM-ED",), category=ID),
    rec(M, "D", "C", P_INTL, "Law enforcements on arrival borders", ("SOM-ED",), category=ID),
    rec(M, "D", "C", P_INTL, "Strict control on Labor Agent in each country member.", ("SOM-ED",), category=ID),
    # November
    rec(N, "B", "A", P_REAFFIRM, "Compilation of good practices in the protection of TIP survivors among AMS'"
        " Sectoral Bodies", ("ACWC",), ("AICHR", "SOMHD"), area=A_AICHR, ref="a)"),
    rec(N, "B", "A", P_REAFFIRM, "Development of an ASEAN-Oriented Guidelines for victim identification", ("ACWC",),
        ("AICHR", "SLOM", "SOMTC"), area=A_AICHR, ref="b)", note="(Lead country: ACWC Thailand)"),
    rec(N, "B", "D", P_LIABLE, "Training for Law Enforcement and Prosecutors on victim identification", ("SOMTC",),
        ("SLOM", "ASLOM", "AICHR", "ACWC"), area=A_CAPACITY, ref="a.1)"),
    rec(N, "B", "D", P_LIABLE, "Regular Workshop / Training on identification of victims for frontline officers",
        ("ACWC",), ("SOMSWD",), area=A_CAPACITY, ref="a.2)"),
    *[rec(N, "B", "", P_AVENUES, activity, ("SOMSWD",), ("ACWC", "SOMHD"),
          area="Regional network of service providers") for activity in SERVICE_PROVIDERS],
    rec(N, "C", "B", P_PROACTIVE, "I-24/7, Red Notice", ("SOMTC",), ("DGICM",), area=A_INTERPOL, ref="1.1.1"),
    rec(N, "C", "B", P_PROACTIVE, "MIND/FIND Program", ("SOMTC",), ("DGICM",), area=A_INTERPOL, ref="1.1.2"),
    rec(N, "C", "B", P_PROACTIVE, "Elaborate the ASEAN Immigration Intelligence Forum (AIIF).", ("DGICM",),
        area=A_DGICM, ref="1.2.1"),
    rec(N, "C", "B", P_PROACTIVE, "Continue the efforts on the Lost and Stolen Passports Program", ("DGICM",),
        area=A_DGICM, ref="1.2.2"),
    rec(N, "C", "E", P_PROSECUTE, "Joint activities or table-top exercises for prosecutors, judges, and law enforcers"
        " to tackle cases on TIP i.e. victim protection.", ("SOMTC",), area=A_PROSECUTORS, ref="1.1"),
    rec(N, "C", "E", P_PROSECUTE, "Tap the assistance of ASEAN Council of Chief Justices through the creation of"
        " special courts on TIP cases.", ("ASLOM",), area=A_PROSECUTORS, ref="1.2"),
    rec(N, "D", "A", P_MLA_CAPACITY, "Regional training on the preparation of requests for mutual legal assistance",
        ("ASLOM",), ("SOMTC",), area=A_MLA),
    rec(N, "D", "A", P_MLA_CAPACITY, "Scholarships in extradition and cross-border law enforcement cooperation",
        ("ASLOM",), ("SOMTC",), area=A_MLA),
    rec(N, "D", "A", P_MLA_CAPACITY, "Develop a directory of central authorities for mutual legal assistance",
        ("ASLOM",), area=A_MLA),
    rec(N, "D", "B", P_MLA, "Exchange of information on cases through the SOMTC Working Group on TIP", ("SOMTC",),
        ("DGICM", "ASLOM"), area="Sharing of Information"),
]

KEEP = ("draft", "pillar", "provision_letter", "provision_text", "area", "category", "activity_ref", "activity",
        "kind", "lead", "cooperating", "note")
# Where this document prints a thing otherwise than the rendition the reference was read from.
PROVISIONS_AS_PRINTED = {"2016-05": (P_A, P_B_MAY, P_BORDER, P_LABOUR, P_NAP, P_L_MAY),
                         "2016-11": (P_A, P_B_NOV, P_BORDER, P_LABOUR, P_NAP, P_L_NOV)}
# Items the rendition left with no column ("" in the reference), placed in a column here.
COLUMN_GIVEN = {
    "Research on cases and set the flow of reports.": RD,
    "The ACMW Work Plan 2016-2020 Includes a thematic area on labour dimension of trafficking in persons.": ID,
    "Workshop on Investigation and Prosecution Related to Labour Dimension of TIP in ASEAN": ID,
    "Workshop on Strengthening the Capacity of Labour Officials in the Prevention of TIPs.": ID,
    "Refer to the relevant sections of RPA-EVAW and RPA-EVAC Regional Plan of Action- Elimination of Violence Against"
    " Women and Regional Plan of Action- Elimination of violence Against Children": TR,
}


def _words8(text: str) -> list[str]:
    return text.split()[:8]


def _pillar_a(draft: str, reference_dir: Path) -> list[dict]:
    """The reference's pillar-A records of `draft`, as this document prints them."""
    path = reference_dir / f"reference-{draft}-pillar-A.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        ref = json.loads(line)
        record = {k: ref[k] for k in KEEP}
        printed = [p for p in PROVISIONS_AS_PRINTED[draft] if _words8(p) == _words8(ref["provision_text"])]
        assert len(printed) == 1, ref["provision_text"]
        record["provision_text"] = printed[0]
        if draft == "2016-05" and not record["category"]:
            record["category"] = COLUMN_GIVEN[record["activity"]]
        out.append(record)
    return out


def expected_records(draft: str, reference_dir: Path = REFERENCE_DIR) -> list[dict]:
    return _pillar_a(draft, reference_dir) + [r for r in B_TO_D if r["draft"] == draft]


# -- DOCX ---------------------------------------------------------------------------------------

def landscape_document(font: str, size: float, top_mm: float):
    """A new Word document: landscape A4, 15 mm sides, `font` at `size` pt, single-spaced paragraphs."""
    docx, WD_ORIENT, _, _, _, _, Mm, Pt = _docx()
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin, section.bottom_margin = Mm(top_mm), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(size)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    return doc


def _docx():
    # python-docx is a dev tool here (not a runtime or CI dependency): imported only to build.
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    return docx, WD_ORIENT, WD_TABLE_ALIGNMENT, WD_ALIGN_PARAGRAPH, OxmlElement, qn, Mm, Pt


def _set(parent, tag: str, **attrs):
    _, _, _, _, OxmlElement, qn, _, _ = _docx()
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    parent.append(el)
    return el


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as the begin / instruction / separate / result / end runs Word writes."""
    run = paragraph.add_run()
    _set(run._r, "w:fldChar", fldCharType="begin")
    run = paragraph.add_run()
    instr = _set(run._r, "w:instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run = paragraph.add_run()
    _set(run._r, "w:fldChar", fldCharType="separate")
    paragraph.add_run("1")
    run = paragraph.add_run()
    _set(run._r, "w:fldChar", fldCharType="end")


def _fill(cell, text: str, bold: bool = False) -> None:
    """Cell text, one paragraph per line; a line marked AUTO_BULLET becomes a Word bulleted list paragraph."""
    for i, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if line.startswith(AUTO_BULLET):
            paragraph.style = "List Bullet"
            line = line[len(AUTO_BULLET):]
        run = paragraph.add_run(line)
        run.bold = bold


def _tc_property(cell, tag: str, **attrs) -> None:
    """Add a w:tcPr child in schema order (before w:vAlign / w:hideMark, which Word writes last)."""
    _, _, _, _, _, qn, _, _ = _docx()
    tc_pr = cell._tc.get_or_add_tcPr()
    el = _set(tc_pr, tag, **attrs)
    for later in ("w:vAlign", "w:hideMark"):
        for node in tc_pr.findall(qn(later)):
            tc_pr.remove(node)
            tc_pr.append(node)
    return el


def _table(doc, layout: str, header_row: bool):
    """A new matrix table; with its header row (repeated on each page, w:tblHeader) when `header_row`."""
    _, _, WD_TABLE_ALIGNMENT, _, _, qn, Mm, _ = _docx()
    widths = [Mm(w) for w in WIDTHS_MM[layout]]
    table = doc.add_table(rows=1 if header_row else 0, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))
    if header_row:
        header = table.rows[0]
        _set(header._tr.get_or_add_trPr(), "w:tblHeader")
        for cell, text, width in zip(header.cells, HEADERS[layout], widths, strict=True):
            cell.width = width
            _fill(cell, text, bold=True)
            _tc_property(cell, "w:shd", val="clear", color="auto", fill="D9D9D9")
    return table, widths


def _write_row(tr, widths, layout: str, row, following, fill, split: bool) -> None:
    """One row of the matrix table: a full-width heading, or six cells, merged down where SPAN says
    (`split`: the row opens a new table, which a merged cell does not cross: Word leaves it empty)."""
    _, _, _, WD_ALIGN_PARAGRAPH, _, _, _, _ = _docx()
    for cell, width in zip(tr.cells, widths, strict=True):
        cell.width = width
    if isinstance(row, Heading):
        merged = tr.cells[0].merge(tr.cells[5])
        fill(merged, row.text, bold=True)
        if layout == "may-2016":  # centred, as the May rendition's column placement suggests
            merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _tc_property(merged, "w:shd", val="clear", color="auto", fill="F2F2F2")
        return
    for j, (cell, value) in enumerate(zip(tr.cells, row, strict=True)):
        if value is SPAN and split:
            value = ""
        if value is SPAN:
            _tc_property(cell, "w:vMerge")  # continue the merged cell above
            continue
        if isinstance(value, Rotated):
            _tc_property(cell, "w:textDirection", val="btLr")
            _tc_property(cell, "w:vAlign", val="center")
            value = value.text
        if isinstance(following, tuple) and following[j] is SPAN:
            _tc_property(cell, "w:vMerge", val="restart")  # the merged cell starts here
        fill(cell, value)


def build_docx(path: Path, layout: str, rows: list, word: WordFeatures | None = None) -> Path:
    """The matrix of `layout` as a Word document: title, table with repeated header row and merged cells.

    `word`: also the features of documents as they circulate (see `WordFeatures`): the cell texts
    edited as `word.edits` says, written with their markup, and the table split where it says.
    """
    docx, WD_ORIENT, _, WD_ALIGN_PARAGRAPH, _, _, Mm, Pt = _docx()
    doc = landscape_document(*FONTS[layout], top_mm=18)
    section = doc.sections[0]
    doc.styles["List Bullet"].paragraph_format.space_after = Pt(0)
    fill = _fill
    if word is not None:
        rows = word.apply(rows)
        marked = MarkedText(doc)
        fill = marked.fill

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(TITLES[layout]).bold = True
    doc.add_paragraph()

    footer = section.footer.paragraphs[0]
    footer.text = f"{FOOTERS[layout]}\t\tPage "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    table, widths = _table(doc, layout, header_row=True)
    for i, row in enumerate(rows):
        split = word is not None and i in word.splits
        if split:
            between = word.splits[i]
            paragraph = doc.add_paragraph()
            if isinstance(between, Heading):
                paragraph.add_run(between.text).bold = True
                table, widths = _table(doc, layout, header_row=False)
                continue  # the heading row is this paragraph between the tables
            table, widths = _table(doc, layout, header_row=between)
        following = rows[i + 1] if i + 1 < len(rows) and not (word and i + 1 in word.splits) else None
        _write_row(table.add_row(), widths, layout, row, following, fill, split)
    doc.save(path)
    return path


# -- Word documents as they circulate: lists, tracked changes, comments, links, split tables -------

# Inline markup in the edited cell texts: {+AUTHOR|text+} a tracked insertion, {-AUTHOR|text-} a
# tracked deletion, {>AUTHOR|text>} / {<AUTHOR|text<} text moved to / from here, {#AUTHOR|comment|
# text#} a comment on the text, {@URL|text@} a hyperlink. A line starting "[LIST:LEVEL] " is a
# paragraph of that Word list (numbering.xml), with no marker in its text.
MARKUP = re.compile(r"\{([+\-<>#@])(.*?)\1\}", re.S)
LIST_LINE = re.compile(r"^\[([a-z-]+):(\d)\] ")
CHANGE_DATE = "2016-11-16T00:00:00Z"
# abstract list definitions: id -> [(format, level text), ...] by level
ABSTRACT_LISTS = {
    "90": [("decimal", "%1."), ("decimal", "%1.%2"), ("decimal", "%1.%2.%3")],
    "91": [("lowerLetter", "%1)")],
    "92": [("decimal", "a.%1)")],
    "93": [("bullet", "\uf0b7")],
}
# list name -> (w:num id, abstract id, the level it restarts at 1 with a start override, or None)
LISTS = {"multi": ("90", "90", None), "multi-restart": ("91", "90", 1), "letter": ("92", "91", None),
         "subletter": ("93", "92", None), "bullet": ("94", "93", None)}


@dataclass(frozen=True)
class WordFeatures:
    """How a circulating copy differs from the plain document: cell texts edited (old -> new, each
    old text found exactly once in the rows) and tables split before given row indexes (True: the
    new table repeats the header row, False: it has none, a Heading: that heading is a paragraph
    between the tables instead of a row)."""

    edits: tuple[tuple[str, str], ...]
    splits: dict

    def apply(self, rows: list) -> list:
        cells = [(i, j) for i, row in enumerate(rows) if isinstance(row, tuple) for j in range(len(row))]
        out = [list(r) if isinstance(r, tuple) else r for r in rows]

        def text(i, j):
            v = out[i][j]
            return v.text if isinstance(v, Rotated) else v

        for old, new in self.edits:
            hits = [(i, j) for i, j in cells if isinstance(text(i, j), str) and old in text(i, j)]
            assert len(hits) == 1 and text(*hits[0]).count(old) == 1, (old, hits)
            i, j = hits[0]
            value = out[i][j]
            replaced = text(i, j).replace(old, new)
            out[i][j] = Rotated(replaced) if isinstance(value, Rotated) else replaced
        return [tuple(r) if isinstance(r, list) else r for r in out]


class MarkedText:
    """Writes marked-up cell text into a document: list paragraphs, changes, comments, links."""

    def __init__(self, doc):
        self.doc = doc
        self.next_id = 100
        _, _, _, _, OxmlElement, qn, _, _ = _docx()
        numbering = doc.part.numbering_part.element
        first_num = numbering.find(qn("w:num"))
        for abstract_id, levels in ABSTRACT_LISTS.items():
            ab = OxmlElement("w:abstractNum")
            ab.set(qn("w:abstractNumId"), abstract_id)
            _set(ab, "w:multiLevelType", val="multilevel" if len(levels) > 1 else "singleLevel")
            for ilvl, (fmt, text) in enumerate(levels):
                lvl = _set(ab, "w:lvl", ilvl=str(ilvl))
                _set(lvl, "w:start", val="1")
                _set(lvl, "w:numFmt", val=fmt)
                _set(lvl, "w:lvlText", val=text)
                _set(lvl, "w:lvlJc", val="left")
                ppr = _set(lvl, "w:pPr")
                _set(ppr, "w:ind", left=str(284 * (ilvl + 1)), hanging="284")
                if fmt == "bullet":
                    _set(_set(lvl, "w:rPr"), "w:rFonts", ascii="Symbol", hAnsi="Symbol", hint="default")
            first_num.addprevious(ab)
        for num_id, abstract_id, restart in LISTS.values():
            num = _set(numbering, "w:num", numId=num_id)
            _set(num, "w:abstractNumId", val=abstract_id)
            if restart is not None:
                _set(_set(num, "w:lvlOverride", ilvl=str(restart)), "w:startOverride", val="1")

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def fill(self, cell, text: str, bold: bool = False) -> None:
        for i, line in enumerate(text.split("\n")):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            if line.startswith(AUTO_BULLET):
                paragraph.style = "List Bullet"
                line = line[len(AUTO_BULLET):]
            elif m := LIST_LINE.match(line):
                num_id = LISTS[m.group(1)][0]
                numpr = _set(paragraph._p.get_or_add_pPr(), "w:numPr")
                _set(numpr, "w:ilvl", val=m.group(2))
                _set(numpr, "w:numId", val=num_id)
                line = line[m.end():]
            self._runs(paragraph, line, bold)

    def _runs(self, paragraph, line: str, bold: bool) -> None:
        at = 0
        for m in MARKUP.finditer(line):
            if m.start() > at:
                paragraph.add_run(line[at:m.start()]).bold = bold
            kind, parts = m.group(1), m.group(2).split("|")
            if kind == "#":
                run = paragraph.add_run(parts[2])
                run.bold = bold
                self.doc.add_comment(run, text=parts[1], author=parts[0], initials=parts[0][:2])
            elif kind == "@":
                self._link(paragraph, parts[0], parts[1])
            else:
                self._change(paragraph, kind, parts[0], parts[1])
            at = m.end()
        if at < len(line) or not line:
            paragraph.add_run(line[at:]).bold = bold

    def _change(self, paragraph, kind: str, author: str, text: str) -> None:
        tag = {"+": "w:ins", "-": "w:del", ">": "w:moveTo", "<": "w:moveFrom"}[kind]
        wrapper = _set(paragraph._p, tag, id=self._id(), author=author, date=CHANGE_DATE)
        run = _set(wrapper, "w:r")
        t = _set(run, "w:delText" if kind in "-<" else "w:t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def _link(self, paragraph, url: str, text: str) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = _set(paragraph._p, "w:hyperlink")
        link.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", r_id)
        run = _set(link, "w:r")
        _set(_set(run, "w:rPr"), "w:rStyle", val="Hyperlink")
        t = _set(run, "w:t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


SECRETARIAT = "ASEAN Secretariat"
# The edits a circulating copy carries; the text each cell reads with its changes accepted is the text of
# the plain document, so both have the same expected records.
WORD_EDITS = {
    "may-2016": (
        ("a) Conduct region-wide survey", "[letter:0] Conduct region-wide survey"),
        ("\nb) Adopt and implement", "\n[letter:0] Adopt and implement"),
        ("- Workshop on Addressing Root causes of TIP",
         "- Workshop on {#AICHR|To be confirmed at the next AICHR meeting.|Addressing Root causes of TIP#}"),
        ("(UN Resolution A/RES/68/192)", "(UN Resolution {@https://undocs.org/A/RES/68/192|A/RES/68/192@})"),
        ("- Training for trainers for law enforcement agencies in the prevention of TIP.",
         "{+AICHR|- Training for trainers for law enforcement agencies in the prevention of TIP.+}"),
        ("-Communes\n-Youth Forum", "-Communes\n{-SOM-ED|-Village meetings-}\n-Youth Forum"),
        ("Publication of an ASEAN Compendium of Migrant",
         "Publication of an ASEAN Compendium {-SLOM|(2nd edition) -}of Migrant"),
        ("- Creation of MOU for protection of victims.",
         "- Creation of MOU for {+SOMTC|protection of +}victims.{-SOMTC| and witnesses-}"),
    ),
    "nov-2016": (
        ("1. Utilize existing regional and international mechanisms including:\n1.1 INTERPOL",
         "[multi:0] Utilize existing regional and international mechanisms including:\n[multi:1] INTERPOL"),
        ("1.1.1 I-24/7, Red Notice\n1.1.2 MIND/FIND", "[multi:2] I-24/7, Red Notice\n[multi:2] MIND/FIND"),
        ("1.2 DGICM forum", "[multi:1] DGICM forum"),
        ("1.2.1 Elaborate the ASEAN", "[multi:2] Elaborate the ASEAN"),
        ("\n1.2.2 Continue the efforts", "\n[multi:2] Continue the efforts"),
        ("1.1 Joint activities", "[multi-restart:1] Joint activities"),
        ("\n1.2 Tap the assistance", "\n[multi-restart:1] Tap the assistance"),
        ("a) Compilation of good practices", "[letter:0] Compilation of good practices"),
        ("b) Development of an ASEAN-Oriented", "[letter:0] Development of an ASEAN-Oriented"),
        ("a.1)Training for Law", "[subletter:0] Training for Law"),
        ("a.2)Regular Workshop", "[subletter:0] Regular Workshop"),
        ("\n• Victim identification\n• International legal framework\n• Protection of",
         "\n[bullet:0] Victim identification\n[bullet:0] International legal framework\n[bullet:0] Protection of"),
        ("- Linking/Uploading of SOMTC Anti-Trafficking activities in the ASEAN and ACWC Website",
         "- Linking/Uploading of SOMTC {+ACWC|Anti-Trafficking +}activities in the ASEAN and"
         " {@https://acwc.asean.org/|ACWC Website@}"),
        ("(i.e. EVAC and EVAW), including",
         "(i.e. EVAC and EVAW){-SOMTC|, in all languages of the region-}, including"),
        ("Lead: SLOM\nCSB: SOMTC", "Lead: SLOM\nCSB: {+ACWC|SOMTC+}"),
        ("Lead: SLOM and SOMTC\nCSB: AICHR",
         f"{{#{SECRETARIAT}|Please confirm the lead body.|Lead: SLOM and SOMTC#}}\nCSB: AICHR"),
        ("- Create blacklist database of traffickers",
         "- {#DGICM|Subject to the data protection rules of each AMS.|Create blacklist database#} of traffickers"),
        ("- Sharing of best practices on Case Studies / Field Visit and",
         "- Sharing of {<SOMSWD|Field Visit on <}best practices on Case Studies / {>SOMSWD|Field Visit>} and"),
        ("\n- Hold a regional forum of service providers",
         "\n{-ACWC|- Hold a regional meeting of shelter managers-}\n- Hold a regional forum of service providers"),
    ),
}


def word_features(layout: str, rows: list) -> WordFeatures:
    """May: a table per pillar, each with its header row, and pillar A split mid-provision with no header
    row. November: a table per pillar, the pillar heading a paragraph between them, no header rows."""
    def index(pred) -> int:
        return next(i for i, r in enumerate(rows) if pred(r))

    headings = [i for i, r in enumerate(rows) if isinstance(r, Heading) and r.text[:2] in ("B.", "C.", "D.")]
    if layout == "may-2016":
        mid = index(lambda r: isinstance(r, tuple) and isinstance(r[3], str) and r[3].startswith("- ASEAN Workshop"))
        splits = {mid: False, **dict.fromkeys(headings, True)}
    else:
        splits = {i: rows[i] for i in headings}
    return WordFeatures(WORD_EDITS[layout], splits)


def resave(docx_path: Path, out_path: Path) -> Path:
    """The document opened and saved again as .docx by LibreOffice, whose XML differs from python-docx's."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice not found: apt-get install libreoffice-writer-nogui (or libreoffice-writer)")
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
                        "--outdir", out, str(docx_path)], check=True, capture_output=True, timeout=300)
        shutil.move(Path(out) / docx_path.name, out_path)
    return out_path


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """LibreOffice's own PDF export of the document (a private profile, so runs do not collide)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice not found: apt-get install libreoffice-writer-nogui (or libreoffice-writer)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(docx_path)], check=True, capture_output=True, timeout=300)
    return out_dir / (docx_path.stem + ".pdf")


def soffice_version() -> str:
    soffice = shutil.which("soffice") or "soffice"
    out = subprocess.run([soffice, "--version"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out).strip()


def build_word_copies(out_dir: Path) -> list[Path]:
    """The circulating copies of both layouts (WordFeatures) and LibreOffice's re-saves of them."""
    out = []
    for layout, rows in (("may-2016", MAY_ROWS), ("nov-2016", NOV_ROWS)):
        word = build_docx(out_dir / f"{layout}-word.docx", layout, rows, word_features(layout, rows))
        out += [word, resave(word, out_dir / f"{layout}-word-lo.docx")]
    return out


def main(argv: list[str] | None = None) -> int:
    """`office_matrix.py [OUT_DIR] [--word-only]`: --word-only leaves the plain documents and PDFs as they are."""
    args = sys.argv[1:] if argv is None else argv
    word_only = "--word-only" in args
    args = [a for a in args if a != "--word-only"]
    out_dir = Path(args[0]) if args else ROOT / "tests" / "fixtures" / "office"
    out_dir.mkdir(parents=True, exist_ok=True)
    for layout, draft, rows in (("may-2016", "2016-05", MAY_ROWS), ("nov-2016", "2016-11", NOV_ROWS)):
        if word_only:
            break
        docx_path = build_docx(out_dir / f"{layout}.docx", layout, rows)
        pdf = to_pdf(docx_path, out_dir)
        expected = out_dir / f"expected-{draft}.jsonl"
        expected.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected_records(draft)),
                            encoding="utf-8")
        print(f"{pdf} ({pdf.stat().st_size} bytes), {expected}")
    for path in build_word_copies(out_dir):
        print(f"{path} ({path.stat().st_size} bytes)")
    # no expected records: its test compares it with the November text rendition
    pdf = to_pdf(build_docx(out_dir / "nov-2016-bodies.docx", "nov-2016", NOV_BODY_ROWS), out_dir)
    print(f"{pdf} ({pdf.stat().st_size} bytes)")
    print(soffice_version())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
