import json
P = []
def p(id, body, entities, title=None, spans=None, note=None):
    d = {"id": id}
    if title: d["title"] = title
    d["body"] = body
    d["entities"] = entities
    if spans is not None:
        out = []
        for (eid, field, surface, occ) in spans:
            text = title if field == "title" else body
            start = -1
            for _ in range(occ + 1):
                start = text.index(surface, start + 1)
            out.append({"id": eid, "field": field, "start": start, "end": start + len(surface)})
        d["spans"] = out
    if note: d["note"] = note
    P.append(d)

# --- aliases, demonyms, capitals, compounds
p("g001", "Afghanistan has sought Pakistan’s help to open talks with the Haqqani network, officials in Kabul said on Tuesday. The Pak-Afghan joint commission will meet in Islamabad next week.",
  ["AF", "PK", "org:haqqani-network"], title="Kabul seeks Islamabad’s help on Haqqanis",
  spans=[("AF","title","Kabul",0),("PK","title","Islamabad",0),("org:haqqani-network","title","Haqqanis",0),
         ("AF","body","Afghanistan",0),("PK","body","Pakistan",0),("org:haqqani-network","body","Haqqani network",0),
         ("AF","body","Kabul",0),("PK","body","Pak",1),("AF","body","Afghan",1),("PK","body","Islamabad",0)],
  note="capitals as metonyms, curly possessive, Pak-Afghan compound")
p("g002", "U.S. officials said the USA would not send more troops, while America's allies in the United States of America's Congress pressed for a faster withdrawal. Let us be clear, one senator told us.",
  ["US"], note="US, U.S., USA, America, United States of America; lowercase us is not the country")
p("g003", "Afghan refugees crossed into Pakistan as Pakistani and Afghan border guards exchanged fire. Thousands of Afghans have returned from camps where many Pakistanis also live.",
  ["AF", "PK"], note="demonyms as adjectives and plural nouns")
p("g004", "Indo-Pak relations have thawed since the ceasefire, and analysts expect Sino-Indian talks on the border to resume after the Afghan-Pakistani trade deal is signed.",
  ["IN", "PK", "CN", "AF"], note="prefix compounds Indo-Pak, Sino-Indian, Afghan-Pakistani")
p("g005", "The Anglo-French summit in London produced a joint statement on the Russo-Ukrainian war, calling on Moscow to withdraw its forces from Ukrainian territory.",
  ["GB", "FR", "RU", "UA"], note="Anglo-French, Russo-Ukrainian compounds; Moscow metonym")
p("g006", "Washington and Beijing traded accusations over tariffs on Monday, while Moscow and Tehran stayed silent. Tokyo said it was watching closely.",
  ["US", "CN", "RU", "IR", "JP"], note="capitals as metonyms")
p("g007", "Britain and the UK's partners in the European Union disagreed over fishing rights. British fishermen blockaded a French port, and Paris summoned the U.K. ambassador.",
  ["GB", "org:european-union", "FR"], note="UK, U.K., Britain, British; European Union")
p("g008", "European leaders met in Berlin to discuss energy prices. Several European governments want a common gas purchasing scheme, German officials said.",
  ["DE"], note="European is not a place")
p("g009", "Papua New Guinea and Equatorial Guinea signed a fisheries accord, while Guinea-Bissau and Guinea said they would join later.",
  ["PG", "GQ", "GW", "GN"], note="longest match: the Guineas")
p("g010", "Niger's junta expelled French troops, and neighbouring Nigeria closed the border. Traders in Niamey said prices had doubled since the coup.",
  ["NE", "FR", "NG"], note="Niger vs Nigeria")
p("g011", "Fighting in the Democratic Republic of the Congo displaced thousands more, and the Republic of the Congo opened its borders to refugees from Kinshasa.",
  ["CD", "CG"], note="DRC vs Republic of the Congo")
p("g012", "The Washington Post reported that Washington had approved the sale, citing officials at the Pentagon.",
  ["org:washington-post", "US", "org:pentagon"], note="Washington Post vs Washington")
p("g013", "George Washington crossed the Delaware on Christmas night in 1776. Historians say Washington's gamble saved the revolution.",
  ["person:george-washington"], note="George Washington the person; later Washington is him")
p("g014", "Turkey's parliament approved Sweden's bid to join NATO, ending months of delay. Ankara had demanded a crackdown on Kurdish militants.",
  ["TR", "SE", "org:nato"], note="Turkey capitalised")
p("g015", "Families across the Midwest bought a turkey for Thanksgiving even though prices rose sharply this year, a farm group said.",
  [], note="turkey the bird")
p("g016", "Turkey prices rose ahead of Thanksgiving as bird flu hit farms in Minnesota, the agriculture department said.",
  [], note="Turkey at the start of a sentence, the bird")
p("g017", "Chad closed its border with Sudan after fighting spread to Darfur. Officials in N'Djamena said refugees were still arriving.",
  ["TD", "SD"], note="Chad the country")
p("g018", "Chad Smith, the drummer, said the band would tour Europe next year. A hanging chad decided the recount in 2000.",
  [], note="Chad as a given name; chad the paper")
p("g019", "She packed the fine china in boxes before the move. China's exports, meanwhile, rose for a third month.",
  ["CN"], note="china the porcelain vs China")
p("g020", "King Abdullah of Jordan met Egypt's president in Cairo to discuss Gaza. Jordan has taken in hundreds of thousands of refugees since 2011.",
  ["JO", "EG", "PS"], note="Jordan the country; Gaza is Palestinian territory")
p("g021", "Rep. Jim Jordan, the Ohio Republican, said the committee would subpoena the FBI. Jordan told reporters the inquiry would continue into the autumn.",
  ["person:jim-jordan", "org:fbi"], note="Jordan as a last name")
p("g022", "Jordan Bardella, president of the National Rally, said France should cut immigration. Bardella's party leads the polls ahead of the vote.",
  ["person:jordan-bardella", "FR"], note="Jordan as a first name")
p("g023", "Michael Jordan won six championships with the Chicago Bulls. Mr Jordan later bought a stake in a team.",
  [], note="Jordan the athlete")
p("g024", "Georgia's ruling party passed a foreign agents law, prompting protests in Tbilisi. The European Union said the law was incompatible with Georgia's bid to join the bloc.",
  ["GE", "org:european-union"], note="Georgia the country, with Tbilisi")
p("g025", "Voters in the state of Georgia waited hours to cast ballots on Tuesday, and election officials in Atlanta extended polling hours.",
  [], note="Georgia the U.S. state")
p("g026", "Georgia Governor Brian Kemp signed the budget on Friday. The Georgia Senate had approved it a week earlier in Atlanta.",
  ["person:brian-kemp"], note="Georgia the U.S. state with Atlanta")
p("g027", "Russia and Georgia fought a brief war in 2008 over South Ossetia. Georgian troops withdrew after five days, and Moscow recognised the breakaway region.",
  ["RU", "GE"], note="Georgia the country in a war story")
p("g028", "Talks In Jordan Collapse As Iraq Walks Out", ["JO", "IQ"], title=None, note="title-case headline")
p("g029", "Officials in New Mexico and New Jersey expanded their programmes, and leaders across Latin America welcomed the decision.",
  [], note="New Mexico, New Jersey, Latin America name no country")
p("g030", "The Indian Ocean tsunami of 2004 killed more than 200,000 people. Indian and Sri Lankan navies led the relief effort.",
  ["IN", "LK"], note="Indian Ocean vs Indian")
# --- organisations and people
p("g031", "The ISI has long denied links to the Haqqani network, but CIA officials told the Washington Post that Pakistani intelligence warned the group before the raid.",
  ["org:isi", "org:haqqani-network", "org:cia", "org:washington-post", "PK"], note="acronyms in exact case")
p("g032", "The UN Security Council met in an emergency session, and the United Nations secretary-general, António Guterres, urged restraint.",
  ["org:un-security-council", "org:united-nations", "person:antonio-guterres"])
p("g033", "Ukraine's president, Volodymyr Zelensky, thanked NATO allies for air-defence systems. Zelenskyy said Russia had fired more than 100 missiles overnight.",
  ["UA", "person:volodymyr-zelensky", "org:nato", "RU"], note="two spellings of Zelensky")
p("g034", "Vladimir Putin met Xi Jinping in Beijing, where the two leaders signed an energy pact. Putin called the relationship a model for the world.",
  ["person:vladimir-putin", "person:xi-jinping", "CN"])
p("g035", "Prime Minister Narendra Modi hosted the G20 summit in New Delhi. Modi said the group must give the African Union a permanent seat.",
  ["person:narendra-modi", "org:g20", "IN", "org:african-union"])
p("g036", "Hamas said Israeli strikes killed dozens in Gaza overnight, while Hezbollah fired rockets into northern Israel from Lebanon.",
  ["org:hamas", "IL", "org:hezbollah", "LB", "PS"], note="Israeli demonym; Gaza")
p("g037", "Houthi rebels attacked another cargo ship in the Red Sea, and the Pentagon said American destroyers shot down two drones launched from Yemen.",
  ["org:houthis", "org:pentagon", "US", "YE"])
p("g038", "The IMF approved a $3 billion loan for Pakistan after Islamabad agreed to raise taxes. The World Bank also pledged support.",
  ["org:imf", "PK", "org:world-bank"])
p("g039", "Emmanuel Macron and Olaf Scholz called for a joint European defence budget. Macron said France was ready to lead; Scholz was more cautious.",
  ["person:emmanuel-macron", "person:olaf-scholz", "FR"])
p("g040", "Saudi Crown Prince Mohammed bin Salman received Iran's foreign minister in Riyadh, the first such visit in years. Tehran described the talks as constructive.",
  ["SA", "person:mohammed-bin-salman", "IR"], note="Saudi demonym, Riyadh capital")
p("g041", "The Wagner Group's fighters left Mali after the junta in Bamako turned to Russian instructors instead.",
  ["org:wagner-group", "ML", "RU"])
p("g042", "Al-Shabaab militants attacked a base in Somalia, and African Union troops repelled them, a spokesman in Mogadishu said.",
  ["org:al-shabaab", "SO", "org:african-union"])
p("g043", "The Taliban banned women from universities in Afghanistan. The UN and the European Union condemned the decision.",
  ["org:taliban", "AF", "org:united-nations", "org:european-union"])
p("g044", "Tehrik-i-Taliban Pakistan claimed the attack on a police station in Khyber Pakhtunkhwa. The TTP has stepped up attacks since 2022.",
  ["org:tehrik-i-taliban-pakistan"], note="longest match: TTP is not Taliban plus Pakistan",
  spans=[("org:tehrik-i-taliban-pakistan","body","Tehrik-i-Taliban Pakistan",0),("org:tehrik-i-taliban-pakistan","body","TTP",0)])
p("g045", "Benjamin Netanyahu rejected a ceasefire proposal backed by Washington. Netanyahu said Israel would continue until Hamas was destroyed.",
  ["person:benjamin-netanyahu", "US", "IL", "org:hamas"])
p("g046", "Recep Tayyip Erdoğan said Türkiye would not accept new sanctions. Erdogan spoke after meeting Vladimir Putin in Sochi.",
  ["person:recep-tayyip-erdogan", "TR", "person:vladimir-putin"], note="diacritics and Türkiye")
p("g047", "The WHO declared the outbreak an international emergency. Tedros Adhanom Ghebreyesus urged countries to share vaccines.",
  ["org:who", "person:tedros-adhanom-ghebreyesus"])
p("g048", "OPEC and its allies agreed to cut output again. Saudi Arabia and Russia will carry most of the reduction.",
  ["org:opec", "SA", "RU"])
p("g049", "Kim Jong-un oversaw another missile launch, North Korea's state media said. South Korea and Japan condemned the test.",
  ["person:kim-jong-un", "KP", "KR", "JP"])
p("g050", "The ICRC said aid convoys could not reach Khartoum. Sudanese officials blamed the Rapid Support Forces.",
  ["org:icrc", "SD"])
# --- possessives, apostrophes, Unicode, markup
p("g051", "Pakistan’s army chief met Afghanistan's defence minister, and Iran’s envoy joined by video link.",
  ["PK", "AF", "IR"], note="straight and curly possessives")
p("g052", "Talks between Cote d'Ivoire and Côte d’Ivoire’s neighbours, including Burkina Faso and Ghana, ended in Abidjan.",
  ["CI", "BF", "GH"], note="diacritics folded")
p("g053", "Pakis\u200btan and Afghan\u00adistan agreed a new border regime, officials in Is\u200blamabad said.",
  ["PK", "AF"], note="zero-width space and soft hyphen inside names",
  spans=[("PK","body","Pakis\u200btan",0),("AF","body","Afghan\u00adistan",0),("PK","body","Is\u200blamabad",0)])
p("g054", "Ｐａｋｉｓｔａｎ and ＩＮＤＩＡ resumed cricket ties after a decade.",
  ["PK", "IN"], note="full-width letters (NFKC)")
p("g055", "<p>The <b>European Union</b> imposed sanctions on <a href=\"/iran\">Iran</a> &amp; <i>Belarus</i>.</p><p>Minsk called the move &ldquo;illegal&rdquo;.</p>",
  ["org:european-union", "IR", "BY"], note="HTML markup and entities",
  spans=[("org:european-union","body","European Union",0),("IR","body","Iran",0),("BY","body","Belarus",0),("BY","body","Minsk",0)])
p("g056", "C&ocirc;te d&rsquo;Ivoire and S&atilde;o Tom&eacute; and Pr&iacute;ncipe signed a maritime accord.",
  ["CI", "ST"], note="HTML character references inside names")
p("g057", "Russia\u2013Ukraine talks in Istanbul \u2014 brokered by Turkey \u2014 ended without agreement.",
  ["RU", "UA", "TR"], note="en and em dashes")
p("g058", "Syria’s new leaders met Qatar’s emir in Doha, and Saudi Arabia’s foreign minister visited Damascus the following day.",
  ["SY", "QA", "SA"])
# --- multilingual (CLDR names)
p("g059", "巴基斯坦和阿富汗外交部长在北京举行会谈，中国表示愿意提供帮助。", ["PK", "AF", "CN"], note="Chinese, no spaces",
  spans=[("PK","body","巴基斯坦",0),("AF","body","阿富汗",0),("CN","body","中国",0)])
p("g060", "日本政府は、パキスタンとインドの緊張について懸念を表明した。", ["JP", "PK", "IN"], note="Japanese with particles glued to names")
p("g061", "وقال وزير الخارجية إن باكستان وأفغانستان اتفقتا على فتح الحدود، فيما رحبت الأردن بالاتفاق.", ["PK", "AF", "JO"], note="Arabic with the proclitic wa-")
p("g062", "Министр иностранных дел заявил, что Россия и Китай подписали соглашение, а Пакистан выразил поддержку.", ["RU", "CN", "PK"], note="Russian")
p("g063", "El gobierno de México y Estados Unidos firmaron un acuerdo migratorio; Guatemala y Honduras participaron como observadores.", ["MX", "US", "GT", "HN"], note="Spanish")
p("g064", "La France et l'Allemagne ont appelé la Russie à retirer ses troupes, tandis que le Royaume-Uni a annoncé de nouvelles sanctions.", ["FR", "DE", "RU", "GB"], note="French")
p("g065", "Deutschland und Frankreich wollen die Ukraine weiter unterstützen, sagte der Kanzler in Berlin.", ["DE", "FR", "UA"], note="German")
p("g066", "O Brasil e a Argentina assinaram um acordo comercial, e a China manifestou interesse em participar.", ["BR", "AR", "CN"], note="Portuguese")
p("g067", "وزیر خارجہ نے کہا کہ پاکستان اور چین کے تعلقات مضبوط ہیں، جبکہ بھارت نے اعتراض کیا۔", ["PK", "CN", "IN"], note="Urdu")
p("g068", "وزیر امور خارجه گفت ایران و عراق توافق کردند، و ترکیه از این توافق استقبال کرد.", ["IR", "IQ", "TR"], note="Persian")
p("g069", "विदेश मंत्री ने कहा कि भारत और जापान के संबंध मजबूत हैं, जबकि पाकिस्तान ने बयान जारी किया।", ["IN", "JP", "PK"], note="Hindi")
p("g070", "Dışişleri Bakanı, Türkiye ile Yunanistan arasındaki görüşmelerin Almanya'da devam edeceğini söyledi.", ["TR", "GR", "DE"], note="Turkish")
p("g071", "외교부는 미국과 일본이 회담을 가졌다고 밝혔다.", ["US", "JP"], note="Korean with particles")
p("g072", "Il presidente ha detto che l'Italia e la Germania sosterranno l'Ucraina.", ["IT", "DE", "UA"], note="Italian")
# --- mixed, realistic multi-entity passages
p("g073", "Clinton, Petraeus to press Pakistan on Haqqani havens",
  ["PK", "org:haqqani-network", "person:david-petraeus"], title=None, note="headline; bare Clinton is ambiguous and not in the gold")
p("g074", "Admiral Mike Mullen told the Senate that the Haqqani network acts as a veritable arm of the ISI. Islamabad rejected the charge, and Hina Rabbani Khar warned Washington it risked losing an ally.",
  ["person:mike-mullen", "org:haqqani-network", "org:isi", "PK", "person:hina-rabbani-khar", "US"])
p("g075", "Greek bonds rallied after the ECB signalled support, and French banks with large exposure to Athens gained. Germany's finance minister urged caution.",
  ["GR", "FR", "DE", "org:european-central-bank"], note="Greek/French demonyms; ECB acronym")
p("g076", "Iranian Revolutionary Guards seized a tanker in the Strait of Hormuz, and the IRGC said it had violated maritime rules. The British-flagged vessel was taken to Bandar Abbas.",
  ["IR", "org:irgc", "GB"])
p("g077", "Mossad and the CIA shared intelligence on the plot, according to officials in Jerusalem and Washington.",
  ["org:mossad", "org:cia", "IL", "US"])
p("g078", "The BRICS summit in Johannesburg admitted six new members, including Egypt, Ethiopia and the United Arab Emirates. South Africa's president, Cyril Ramaphosa, hosted the talks.",
  ["org:brics", "ZA", "EG", "ET", "AE", "person:cyril-ramaphosa"])
p("g079", "Nigeria's President Bola Tinubu said ECOWAS would not intervene militarily in Niger, despite pressure from Paris.",
  ["NG", "person:bola-tinubu", "NE", "FR"])
p("g080", "Sudan's army and the Rapid Support Forces agreed a truce in Jeddah brokered by Saudi Arabia and the United States, but fighting resumed in Khartoum within hours.",
  ["SD", "SA", "US"])
p("g081", "North Korean troops have been deployed to Russia's Kursk region, South Korea's intelligence service said, and Ukraine said it had captured two of them.",
  ["KP", "RU", "KR", "UA"])
p("g082", "Venezuelan migrants crossed the Darien Gap into Panama, and Colombia and Panama agreed to coordinate patrols.",
  ["VE", "PA", "CO"])
p("g083", "Argentine President Javier Milei met Brazilian and Chilean officials in Buenos Aires to discuss Mercosur.",
  ["AR", "BR", "CL"])
p("g084", "Indonesia and Malaysia pressed the Association of Southeast Asian Nations to act on Myanmar, where the junta in Naypyidaw has ignored a five-point plan.",
  ["ID", "MY", "org:asean", "MM"])
p("g085", "The International Court of Justice ordered Israel to allow more aid into Gaza, and UNRWA said its warehouses were empty.",
  ["org:icj", "IL", "org:unrwa", "PS"])
p("g086", "Egypt and Qatar mediated between Israel and Hamas, while Jordan airdropped food into Gaza. Jordanian pilots flew alongside French and American crews.",
  ["EG", "QA", "IL", "org:hamas", "JO", "FR", "US", "PS"])
p("g087", "Armenia and Azerbaijan signed a peace framework in Washington. Armenian officials said border demarcation would continue, and Baku thanked the United States.",
  ["AM", "AZ", "US"])
p("g088", "Polish farmers blocked the border with Ukraine, and Warsaw said Ukrainian grain was flooding its market.",
  ["PL", "UA"], note="Polish capitalised")
p("g089", "Please polish the table before the guests arrive, and set out the china and the turkey.",
  [], note="polish, china, turkey as ordinary words")
p("g090", "Canada expelled six Indian diplomats, and New Delhi responded in kind. Ottawa said the envoys were linked to a killing in British Columbia.",
  ["CA", "IN"], note="British Columbia names no country; New Delhi capital")
p("g091", "Maldives President Mohamed Muizzu visited Beijing before New Delhi, breaking with tradition. India and China compete for influence in the Indian Ocean.",
  ["MV", "CN", "IN"])
p("g092", "Sri Lanka's parliament elected a new president after protesters stormed the residence in Colombo. The IMF said talks on a bailout would continue.",
  ["LK", "org:imf"])
p("g093", "The Islamic State claimed the Moscow concert hall attack, and Russia's FSB said the gunmen had tried to flee to Ukraine.",
  ["org:islamic-state", "RU", "org:fsb", "UA"])
p("g094", "Brazil's President Lula said the G20 should tax billionaires, and Spain's Pedro Sánchez backed the idea at the summit in Rio de Janeiro.",
  ["BR", "person:lula", "org:g20", "ES", "person:pedro-sanchez"])
p("g095", "Keir Starmer met Donald Trump at the White House, and Downing Street said the two discussed tariffs and Ukraine.",
  ["person:keir-starmer", "person:donald-trump", "US", "GB", "UA"], note="White House and Downing Street as metonyms")

with open("/work/wt3/src/test/resources/eval/gold.jsonl", "w") as f:
    f.write("# comention gold set: realistic news passages with the entities a careful analyst expects (docs/evaluation.md)\n")
    for d in P:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
print(len(P))
