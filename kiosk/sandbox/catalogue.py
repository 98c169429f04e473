"""The sandbox's reference data: agencies, programmes and the codes of the disability
resources. Names are real programme names; every person-level value elsewhere is synthetic."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Named:
    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Agency:
    code: str
    name_th: str
    name_en: str
    lag_days: int  # how old the agency's data is: its "as of" date is today minus this


@dataclass(frozen=True)
class Programme:
    code: str
    agency: str
    name_th: str
    name_en: str
    period: str  # one_time | monthly | yearly
    amount: str  # the usual amount, THB


AGENCIES = (
    Agency(
        "MSDHS",
        "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        "Ministry of Social Development and Human Security",
        1,
    ),
    Agency("MOAC", "กระทรวงเกษตรและสหกรณ์", "Ministry of Agriculture and Cooperatives", 3),
    Agency("MOL", "กระทรวงแรงงาน", "Ministry of Labour", 1),
    Agency("MOF", "กระทรวงการคลัง", "Ministry of Finance", 2),
    Agency("NHSO", "สำนักงานหลักประกันสุขภาพแห่งชาติ", "National Health Security Office", 0),
)
AGENCY_BY_CODE = {agency.code: agency for agency in AGENCIES}
DISABILITY_AGENCY = "NHSO"

PROGRAMMES = (
    Programme(
        "fertiliser_subsidy", "MOAC", "เงินช่วยเหลือค่าปุ๋ย", "Fertiliser subsidy", "one_time", "1000.00"
    ),
    Programme(
        "crop_price_support",
        "MOAC",
        "เงินช่วยเหลือราคาพืชผล",
        "Crop price support",
        "one_time",
        "2500.00",
    ),
    Programme(
        "drought_relief", "MOAC", "เงินช่วยเหลือผู้ประสบภัยแล้ง", "Drought relief", "one_time", "1500.00"
    ),
    Programme(
        "elderly_allowance", "MSDHS", "เบี้ยยังชีพผู้สูงอายุ", "Elderly allowance", "monthly", "600.00"
    ),
    Programme(
        "disability_allowance", "MSDHS", "เบี้ยความพิการ", "Disability allowance", "monthly", "800.00"
    ),
    Programme(
        "unemployment_benefit",
        "MOL",
        "เงินทดแทนกรณีว่างงาน",
        "Unemployment benefit",
        "monthly",
        "7500.00",
    ),
    Programme(
        "state_welfare_card", "MOF", "บัตรสวัสดิการแห่งรัฐ", "State welfare card", "monthly", "300.00"
    ),
)

DISABILITY_SCHEME = Named(
    "UCS-T74",
    "สิทธิหลักประกันสุขภาพถ้วนหน้า ผู้พิการ (ท.74)",
    "Universal coverage for persons with disabilities (T74)",
)

DISABILITY_TYPES = {
    "visual": Named("1", "ความพิการทางการเห็น", "Visual disability"),
    "hearing": Named("2", "ความพิการทางการได้ยินหรือสื่อความหมาย", "Hearing or communication disability"),
    "physical": Named("3", "ความพิการทางการเคลื่อนไหวหรือทางร่างกาย", "Physical or mobility disability"),
}

DEVICES = {
    "wheelchair": Named("WHEELCHAIR", "รถเข็นคนพิการ", "Wheelchair"),
    "walker": Named("WALKER", "โครงเหล็กช่วยเดิน", "Walking frame"),
    "white_cane": Named("WHITE_CANE", "ไม้เท้าขาว", "White cane"),
    "hearing_aid": Named("HEARING_AID", "เครื่องช่วยฟัง", "Hearing aid"),
}

SERVICES = {
    "physio": Named("PHYSIO", "กายภาพบำบัด", "Physiotherapy"),
    "occupational": Named("OT", "กิจกรรมบำบัด", "Occupational therapy"),
    "mobility": Named(
        "OM", "ฝึกทักษะการเคลื่อนไหวและการใช้ไม้เท้าขาว", "Orientation and mobility training"
    ),
    "speech": Named("SPEECH", "อรรถบำบัด", "Speech therapy"),
}

HOSPITALS = (
    Named("10669", "โรงพยาบาลนครปฐม", "Nakhon Pathom Hospital"),
    Named("10713", "โรงพยาบาลนครพิงค์", "Nakornping Hospital"),
    Named("10670", "โรงพยาบาลขอนแก่น", "Khon Kaen Hospital"),
    Named("10662", "โรงพยาบาลสระบุรี", "Saraburi Hospital"),
)
