#!/usr/bin/env python3
"""Writes docs/eval/places-gold.jsonl and its test copy from the passages below (written for comention).

Each passage: class, side ("counts": the place names a country; "does-not": the word is no place, or not
this one), title, body, the places as written -> ISO country, and every country the article names
(directly or through a place). Run: python3 tools/places/places_gold.py
"""
import json
import os

P = []


def p(cls, side, body, places=None, countries=None, title=None):
    P.append((cls, side, title, body, places or {}, countries if countries is not None else sorted(set((places or {}).values()))))


# --- datelines: a place at the head of the story names its country ------------------------------------
p("dateline", "counts", "QUETTA, Oct 19 - Gunmen attacked a bus carrying labourers on the highway, police said.", {"QUETTA": "PK"})
p("dateline", "counts", "PESHAWAR - Schools reopened across the city after a week of closures.", {"PESHAWAR": "PK"})
p("dateline", "counts", "KANO, Nigeria, March 3 - Traders shut their stalls as fuel prices climbed again.", {"KANO": "NG"}, ["NG"])
p("dateline", "counts", "MOSUL (Reuters) - Engineers began clearing rubble from the old city on Sunday.", {"MOSUL": "IQ"})
p("dateline", "counts", "Goma, June 2 - Aid convoys reached camps north of the city after a three-day delay.", {"Goma": "CD"})
p("dateline", "counts", "KHERSON - Shelling cut power to several districts overnight, the regional governor said.", {"KHERSON": "UA"})
p("dateline", "counts", "BENGHAZI, Libya - Rival units exchanged fire near the port before dawn.", {"BENGHAZI": "LY"}, ["LY"])
p("dateline", "counts", "ALEPPO - Residents queued for bread as a winter storm closed the main roads.", {"ALEPPO": "SY"})
p("dateline", "counts", "MAIDUGURI, Nigeria - Insurgents raided a village outside the city, local officials said.", {"MAIDUGURI": "NG"}, ["NG"])
p("dateline", "counts", "LAHORE, Pakistan, Jan 8 - Smog forced the closure of schools for a second week.", {"LAHORE": "PK"}, ["PK"])
p("dateline", "counts", "BANNU - Security forces cordoned off a market after a blast wounded six people.", {"BANNU": "PK"})
p("dateline", "counts", "GWADAR, Pakistan - Work on the port's new berth resumed after a month-long strike.", {"GWADAR": "PK"}, ["PK"])
p("dateline", "counts", "TIMBUKTU - Traders said the blockade had doubled the price of rice.", {"TIMBUKTU": "ML"})
p("dateline", "counts", "KUNDUZ, Afghanistan - Flash floods swept away dozens of homes.", {"KUNDUZ": "AF"}, ["AF"])
p("dateline", "counts", "NICE, France - The city council voted to extend the tram line to the airport.", {"NICE": "FR"}, ["FR"])
p("dateline", "counts", "SPLIT, Croatia - Ferry operators cancelled crossings as gales hit the coast.", {"SPLIT": "HR"}, ["HR"])
p("dateline", "counts", "READING, England - The town's council declared a housing emergency.", {"READING": "GB"}, ["GB"])
p("dateline", "does-not", "Reading the latest figures, analysts saw little sign of recovery in Europe.", {}, [])
p("dateline", "does-not", "SPLIT DECISION - Judges were divided over the appeal, which will now go to a larger bench.", {}, [])
p("dateline", "does-not", "Nice weather drew crowds to the beaches over the long weekend.", {}, [])
p("dateline", "does-not", "Police said on Tuesday that two men had been arrested after the robbery.", {}, [])
p("dateline", "does-not", "Mobile operators raised their prices for the third time this year.", {}, [])
p("dateline", "does-not", "Bath salts and candles were the best-selling gifts, the retailer said.", {}, [])
p("dateline", "does-not", "Mark the date: the tax deadline falls on a Monday this year.", {}, [])

# --- common English words: never in lower case; capitalised only with evidence ------------------------
p("common-word", "counts", "The summit in Nice ended without a joint statement on migration.", {"Nice": "FR"})
p("common-word", "does-not", "It was nice to see the two leaders shake hands, one aide said.", {}, [])
p("common-word", "counts", "Ferries from Split to the islands were suspended because of high winds.", {"Split": "HR"})
p("common-word", "does-not", "The coalition could split over the budget, according to two ministers.", {}, [])
p("common-word", "does-not", "Split between two factions, the party failed to choose a leader.", {}, [])
p("common-word", "counts", "Commuters in Reading faced delays after a signal failure.", {"Reading": "GB"})
p("common-word", "does-not", "Reading between the lines, the central bank is preparing to cut rates.", {}, [])
p("common-word", "does-not", "The reading of the bill was postponed until after the recess.", {}, [])
p("common-word", "counts", "The storm made landfall near Mobile late on Wednesday.", {"Mobile": "US"})
p("common-word", "does-not", "Mobile data use doubled in two years, the regulator said.", {}, [])
p("common-word", "does-not", "The mobile clinic visited twelve villages last month.", {}, [])
p("common-word", "counts", "The festival in Bath drew record crowds despite the rain.", {"Bath": "GB"})
p("common-word", "does-not", "The hotel offered a bath and breakfast for the stranded passengers.", {}, [])
p("common-word", "counts", "A landslide near Of closed the coastal road on the Black Sea.", {"Of": "TR"})
p("common-word", "does-not", "Of the 40 people on board, 12 were rescued by fishermen.", {}, [])
p("common-word", "counts", "The chemical plant in Police resumed production after a fire.", {"Police": "PL"})
p("common-word", "does-not", "Police fired tear gas at protesters outside parliament.", {}, [])
p("common-word", "does-not", "The police said the suspect had left the country.", {}, [])
p("common-word", "does-not", "Mark Rutte said the alliance would keep supporting Kyiv.", {}, ["UA"])
p("common-word", "does-not", "Investors will mark the anniversary of the crash with caution.", {}, [])
p("common-word", "counts", "Dockworkers at Cork went on strike over pay.", {"Cork": "IE"})
p("common-word", "does-not", "The wine was sealed with cork rather than a screw cap.", {}, [])
p("common-word", "counts", "Flooding in Sale forced the evacuation of the old medina.", {"Sale": "MA"})
p("common-word", "does-not", "Sale of the state airline was delayed again.", {}, [])
p("common-word", "counts", "Farmers near Orange, New South Wales, said the drought was the worst in decades.", {"Orange": "AU", "New South Wales": "AU"})
p("common-word", "does-not", "Orange juice futures rose to a record on fears for the harvest.", {}, [])

# --- people's names that are also places ---------------------------------------------------------------
p("common-name", "counts", "Tourists in Victoria, British Columbia, were warned about wildfire smoke.", {"Victoria": "CA", "British Columbia": "CA"})
p("common-name", "does-not", "Victoria Beckham opened a new shop in London's West End.", {}, ["GB"])
p("common-name", "counts", "Museums in Florence reopened after the strike ended.", {"Florence": "IT"})
p("common-name", "does-not", "Florence Pugh was named best actress at the awards.", {}, [])
p("common-name", "counts", "Lawmakers in Jackson debated a bill on water funding.", {"Jackson": "US"})
p("common-name", "does-not", "Jackson said the team would appeal the ban.", {}, [])
p("common-name", "does-not", "Andrew Jackson's portrait was moved from the Oval Office.", {}, [])
p("common-name", "counts", "A tornado touched down near Austin on Friday.", {"Austin": "US"})
p("common-name", "does-not", "Austin Butler arrived late to the premiere.", {}, [])
p("common-name", "counts", "Refineries in Houston cut output ahead of the hurricane.", {"Houston": "US"})
p("common-name", "does-not", "Whitney Houston's songs topped the streaming charts again.", {}, [])
p("common-name", "counts", "The bank moved its headquarters to Charlotte last year.", {"Charlotte": "US"})
p("common-name", "does-not", "Charlotte Church sang at the opening ceremony.", {}, [])
p("common-name", "counts", "A gas leak forced schools in Eugene to close.", {"Eugene": "US"})
p("common-name", "does-not", "Eugene Levy hosted the charity gala.", {}, [])
p("common-name", "counts", "The state legislature in Regina passed the budget.", {"Regina": "CA"})
p("common-name", "does-not", "Regina King directed the documentary.", {}, [])
p("common-name", "counts", "Floods hit Kingston, Ontario, after two days of rain.", {"Kingston": "CA", "Ontario": "CA"}, ["CA"])
p("common-name", "does-not", "Kingston Technology reported higher memory sales.", {}, [])

# --- same-named places: nearby context first, then population -----------------------------------------
p("same-name", "counts", "Floods hit Hyderabad, Pakistan, displacing thousands of families.", {"Hyderabad": "PK"}, ["PK"])
p("same-name", "counts", "Tech companies in Hyderabad hired 20,000 engineers last quarter.", {"Hyderabad": "IN"})
p("same-name", "counts", "Officials in Sindh said Hyderabad had received half its normal water supply.", {"Sindh": "PK", "Hyderabad": "PK"})
p("same-name", "counts", "The film was shot in Paris, Texas, over one summer.", {"Paris": "US", "Texas": "US"}, ["US"])
p("same-name", "counts", "Fashion week in Paris opened with a show by a young designer.", {}, ["FR"])
p("same-name", "counts", "Tripoli, Lebanon, saw protests over power cuts.", {"Tripoli": "LB"}, ["LB"])
p("same-name", "counts", "Floods hit Florence, Alabama, overnight.", {"Florence": "US", "Alabama": "US"}, ["US"])
p("same-name", "counts", "Militias clashed in Tripoli as Libya's rival governments traded blame.", {}, ["LY"])
p("same-name", "counts", "Researchers at Cambridge, Massachusetts, announced a new vaccine trial.", {"Cambridge": "US", "Massachusetts": "US"}, ["US"])
p("same-name", "counts", "Students in Cambridge protested against tuition fees.", {"Cambridge": "GB"})
p("same-name", "counts", "London, Ontario, declared a snow emergency.", {"London": "CA", "Ontario": "CA"}, ["CA"])
p("same-name", "counts", "The mayor of Birmingham, Alabama, met civil rights leaders.", {"Birmingham": "US", "Alabama": "US"}, ["US"])
p("same-name", "counts", "Factory orders in Birmingham fell for the third month.", {"Birmingham": "GB"})
p("same-name", "counts", "Power cuts in Valencia, Venezuela, lasted nine hours.", {"Valencia": "VE"}, ["VE"])
p("same-name", "counts", "Tourism in Valencia reached a record in August.", {"Valencia": "ES"})
p("same-name", "counts", "Farmers in Córdoba, Argentina, expect a record soy crop.", {"Córdoba": "AR"}, ["AR"])
p("same-name", "counts", "Cotton exports from Alexandria rose as the canal reopened.", {"Alexandria": "EG"})
p("same-name", "counts", "A jury in Alexandria, Virginia, heard the espionage case.", {"Alexandria": "US", "Virginia": "US"}, ["US"])
p("same-name", "counts", "Bushfires burned near Perth as temperatures passed 44C.", {"Perth": "AU"})
p("same-name", "counts", "Perth, Scotland, will host the curling championship.", {"Perth": "GB"}, ["GB"])
p("same-name", "counts", "Hamilton, Ontario, opened a new steel plant.", {"Hamilton": "CA", "Ontario": "CA"}, ["CA"])
p("same-name", "does-not", "Lewis Hamilton won the race from pole position.", {}, [])
p("same-name", "counts", "Punjab police in Lahore arrested three suspects in the bombing.", {"Punjab": "PK", "Lahore": "PK"})
p("same-name", "counts", "Farmers in Punjab and Haryana blocked highways near Delhi.", {"Punjab": "IN", "Haryana": "IN"}, ["IN"])
p("same-name", "counts", "Rains flooded Lagos as drainage channels overflowed.", {"Lagos": "NG"})
p("same-name", "counts", "Sydney, Nova Scotia, lost power in the storm.", {"Sydney": "CA", "Nova Scotia": "CA"}, ["CA"])
p("same-name", "counts", "Commuters in Sydney faced train strikes on Monday.", {"Sydney": "AU"})

# --- via: the country is named only through its places ------------------------------------------------
p("via", "counts", "A drone strike in North Waziristan killed four people, officials in Peshawar said.", {"Peshawar": "PK"})
p("via", "counts", "Protesters gathered in Karachi and Hyderabad to demand clean water.", {"Karachi": "PK", "Hyderabad": "PK"})
p("via", "counts", "The governor of Balochistan visited Quetta after the attack.", {"Balochistan": "PK", "Quetta": "PK"})
p("via", "counts", "Clashes in Khyber Pakhtunkhwa forced families from their homes near Bannu.", {"Khyber Pakhtunkhwa": "PK", "Bannu": "PK"})
p("via", "counts", "Voters in Texas and Florida queued for hours.", {"Texas": "US", "Florida": "US"})
p("via", "counts", "Bavaria's state election will test the chancellor's coalition.", {"Bavaria": "DE"})
p("via", "counts", "Heavy fighting was reported around Bakhmut and Pokrovsk.", {"Bakhmut": "UA", "Pokrovsk": "UA"})
p("via", "counts", "Aid reached El Fasher after a month-long siege.", {"El Fasher": "SD"})
p("via", "counts", "Troops retook the town of Kidal, the last rebel stronghold in northern Mali.", {"Kidal": "ML"}, ["ML"])
p("via", "counts", "Airstrikes hit Idlib and the countryside around Aleppo.", {"Idlib": "SY", "Aleppo": "SY"})
p("via", "counts", "Oil workers in Kirkuk went on strike over unpaid wages.", {"Kirkuk": "IQ"})
p("via", "counts", "Fighters from Herat crossed into Kandahar province, officials said.", {"Herat": "AF", "Kandahar province": "AF"})
p("via", "counts", "Shipping through Aden slowed as insurers raised premiums.", {"Aden": "YE"})
p("via", "counts", "Monsoon rains flooded Mumbai and parts of Gujarat.", {"Mumbai": "IN", "Gujarat": "IN"})
p("via", "counts", "Queensland and New South Wales braced for the cyclone.", {"Queensland": "AU", "New South Wales": "AU"})
p("via", "counts", "Ontario and Quebec agreed on a new power line.", {"Ontario": "CA", "Quebec": "CA"})
p("via", "counts", "Flights from Shanghai to Chengdu were cancelled because of fog.", {"Shanghai": "CN", "Chengdu": "CN"})
p("via", "counts", "The new rail link will cut the trip from Munich to Hamburg by an hour.", {"Munich": "DE", "Hamburg": "DE"})
p("via", "counts", "Gang violence spread from Guayaquil to other coastal cities.", {"Guayaquil": "EC"})
p("via", "counts", "Mayors of Milan and Turin backed the Olympic bid.", {"Milan": "IT", "Turin": "IT"})
p("via", "counts", "Tens of thousands marched in Barcelona for independence.", {"Barcelona": "ES"})
p("via", "counts", "Protests in São Paulo drew a huge crowd on Sunday.", {"São Paulo": "BR"})
p("via", "counts", "Smog in Lahore reached hazardous levels again.", {"Lahore": "PK"})
p("via", "counts", "Cartel violence in Sinaloa left twelve dead, prosecutors said.", {"Sinaloa": "MX"})
p("via", "counts", "Drought in Rajasthan pushed up the price of millet.", {"Rajasthan": "IN"})
p("via", "counts", "The regional parliament in Catalonia approved the budget.", {"Catalonia": "ES"})
p("via", "counts", "Security was tightened in Kashgar and across Xinjiang.", {"Kashgar": "CN", "Xinjiang": "CN"})
p("via", "counts", "Fishermen in Mombasa protested against foreign trawlers.", {"Mombasa": "KE"})
p("via", "counts", "Floods in Sindh destroyed the cotton crop.", {"Sindh": "PK"})

# --- smaller places need more evidence ----------------------------------------------------------------
p("small-place", "counts", "Two soldiers were killed in Chaman near the border crossing.", {"Chaman": "PK"})
p("small-place", "counts", "The new airport at Gwadar opened to its first flights.", {"Gwadar": "PK"})
p("small-place", "counts", "Pakistan said militants had attacked a checkpoint in Turbat.", {"Turbat": "PK"}, ["PK"])
p("small-place", "counts", "Protests spread to Kohat and Mardan after the arrests.", {"Kohat": "PK", "Mardan": "PK"})
p("small-place", "counts", "Mali's army said it had retaken Gao after heavy fighting.", {"Gao": "ML"}, ["ML"])
p("small-place", "counts", "Pilgrims gathered in Gilgit, Pakistan, for the festival.", {"Gilgit": "PK"}, ["PK"])
p("small-place", "counts", "The dam near Timbuktu in Mali was repaired.", {"Timbuktu": "ML"}, ["ML"])
p("small-place", "does-not", "Gilgit is the name of the new racehorse that won at Ascot.", {"Ascot": "GB"}, ["GB"])
p("small-place", "does-not", "Kidal Pharma said it would raise prices.", {}, [])
p("small-place", "does-not", "Chaman, the company's founder, stepped down on Friday.", {}, [])
p("small-place", "does-not", "Bannu Ltd posted a loss for the year.", {}, [])

# --- names inside names: teams, companies and streets named after a place -----------------------------
p("inside-name", "does-not", "Karachi Kings beat Peshawar Zalmi by six wickets.", {}, [])
p("inside-name", "counts", "The match in Karachi drew a crowd of 30,000.", {"Karachi": "PK"})
p("inside-name", "does-not", "Lahore Qalandars signed two overseas players for the new season.", {}, [])
p("inside-name", "counts", "The court in Lahore adjourned the hearing until Monday.", {"Lahore": "PK"})
p("inside-name", "does-not", "Houston Rockets traded their top scorer.", {}, [])
p("inside-name", "counts", "The storm knocked out power to half a million homes in Houston.", {"Houston": "US"})
p("inside-name", "does-not", "Shares listed on the Karachi Stock Exchange fell 2 percent.", {}, [])
p("inside-name", "counts", "Stocks in Karachi fell 2 percent on political uncertainty.", {"Karachi": "PK"})
p("inside-name", "does-not", "Police closed Peshawar Road in Hounslow after a crash.", {"Hounslow": "GB"}, ["GB"])
p("inside-name", "counts", "Police in Peshawar closed the road after a crash.", {"Peshawar": "PK"})
p("inside-name", "does-not", "The Nice FC coach was sacked after five defeats.", {}, [])
p("inside-name", "does-not", "Orlando Bloom arrived in a vintage car.", {}, [])
p("inside-name", "counts", "Theme parks in Orlando reopened after the hurricane.", {"Orlando": "US"})

# --- countries named directly stay as they are; places add to them -----------------------------------
p("direct", "counts", "Pakistan's army said it had killed ten militants near Quetta.", {"Quetta": "PK"}, ["PK"])
p("direct", "counts", "India and Pakistan traded fire along the border near Jammu.", {"Jammu": "IN"}, ["IN", "PK"])
p("direct", "counts", "Nigeria's central bank governor spoke in Lagos on Monday.", {"Lagos": "NG"}, ["NG"])
p("direct", "counts", "Iraq's oil ministry said exports from Basra rose in May.", {"Basra": "IQ"}, ["IQ"])
p("direct", "counts", "Ukraine said Russian drones hit Odesa and Kharkiv overnight.", {"Odesa": "UA", "Kharkiv": "UA"}, ["RU", "UA"])
p("direct", "counts", "Germany's Bavaria region reported a record harvest.", {"Bavaria": "DE"}, ["DE"])
p("direct", "counts", "Turkey's Istanbul airport handled 80 million passengers.", {"Istanbul": "TR"}, ["TR"])
p("direct", "counts", "China said factories in Guangdong were back at full capacity.", {"Guangdong": "CN"}, ["CN"])

# --- lower case and all caps ------------------------------------------------------------------------
p("case", "does-not", "the quetta shura was mentioned only in passing in the lower-case transcript.", {}, [])
p("case", "counts", "Trading was halted twice during the session.", {"KARACHI": "PK"}, title="KARACHI STOCKS FALL AS RUPEE SLIDES")
p("case", "counts", "Heavy rain in KARACHI flooded main roads.", {"KARACHI": "PK"})
p("case", "does-not", "a split in the ruling party and a nice surprise for the opposition.", {}, [])
p("case", "does-not", "reading, writing and arithmetic remain the priorities, the minister said.", {}, [])
p("case", "counts", "Rescue teams reached Mosul and Kirkuk by road.", {"Mosul": "IQ", "Kirkuk": "IQ"})
p("case", "counts", "Talks in Doha and Muscat produced no breakthrough.", {}, ["OM", "QA"])

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))
lines = ["# comention place gold set (docs/evaluation.md, Places): passages written for comention. places maps each"
         " place as written to its country; entities lists every country the passage names, directly or through a place."]
for n, (cls, side, title, body, places, countries) in enumerate(P, 1):
    rec = {"id": f"pl{n:03d}", "class": cls, "sides": [side]}
    if title:
        rec["title"] = title
    rec["body"] = body
    rec["entities"] = countries
    rec["places"] = places
    lines.append(json.dumps(rec, ensure_ascii=False))
text = "\n".join(lines) + "\n"
for path in ("docs/eval/places-gold.jsonl", "src/test/resources/eval/places-gold.jsonl"):
    with open(os.path.join(root, path), "w", encoding="utf-8") as f:
        f.write(text)
print(len(P), "passages")
