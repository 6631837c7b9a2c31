"""The demo site’s sections, authors, tags and articles, written for this project.

Everything here is fictional: the people, their words, the figures and the events. Places
are real so the stories read like regional news. Article bodies are tuples of blocks
joined by blank lines; "{day}" becomes the weekday the article is published, so "said on
{day}" stays true however long ago the demo was loaded. A photo’s "scene" and "light"
choose what the command draws, and its alt text describes that drawing.
"""

SECTIONS = (
    {"name": "Kurdistan", "slug": "kurdistan", "order": 1},
    {"name": "Middle East", "slug": "middle-east", "order": 2},
    {"name": "World", "slug": "world", "order": 3},
    {"name": "Business", "slug": "business", "order": 4},
    {"name": "Sport", "slug": "sport", "order": 5},
)

AUTHORS = (
    {
        "name": "Rawaz Omer",
        "slug": "rawaz-omer",
        "kind": "person",
        "bio": (
            "Senior correspondent in Erbil, covering government, infrastructure and the "
            "city’s fast-changing streets. He photographs many of his own stories."
        ),
    },
    {
        "name": "Shilan Aziz",
        "slug": "shilan-aziz",
        "kind": "person",
        "bio": (
            "Reports on society and culture from Sulaimani, with a particular interest in "
            "books, film and the city’s old neighbourhoods."
        ),
    },
    {
        "name": "Avin Sleman",
        "slug": "avin-sleman",
        "kind": "person",
        "bio": (
            "Covers Duhok and the north of the Kurdistan Region, writing about health, "
            "schools and the environment."
        ),
    },
    {
        "name": "Karwan Hamid",
        "slug": "karwan-hamid",
        "kind": "person",
        "bio": (
            "Business editor. Writes about trade, energy, banking and the companies shaping "
            "the region’s economy."
        ),
    },
    {
        "name": "Lana Yousif",
        "slug": "lana-yousif",
        "kind": "person",
        "bio": "Baghdad correspondent, reporting on federal Iraq, its rivers and its cities.",
    },
    {
        "name": "Hemin Rasul",
        "slug": "hemin-rasul",
        "kind": "person",
        "bio": (
            "Sports reporter covering football across Iraq and the Kurdistan Region, and any "
            "other game that draws a crowd."
        ),
    },
    {
        "name": "Newsroom Wire",
        "slug": "newsroom-wire",
        "kind": "organization",
        "bio": (
            "Stories from the wire desk, which gathers and edits reports from correspondents "
            "and partner agencies across the region and the world."
        ),
    },
)

TAGS = (
    {"name": "Water", "slug": "water"},
    {"name": "Energy", "slug": "energy"},
    {"name": "Agriculture", "slug": "agriculture"},
    {"name": "Education", "slug": "education"},
    {"name": "Health", "slug": "health"},
    {"name": "Transport", "slug": "transport"},
    {"name": "Culture", "slug": "culture"},
    {"name": "Economy", "slug": "economy"},
    {"name": "Football", "slug": "football"},
    {"name": "Youth", "slug": "youth"},
)

# "hours_ago" sets the publication time relative to when the demo is loaded: negative
# schedules the article, and drafts have none. "updated_hours_later" dates the update note.
ARTICLES = (
    {
        "slug": "erbil-bus-lanes-60-metre-road",
        "section": "kurdistan",
        "headline": "Erbil to give buses their own lanes on the 60-metre road",
        "standfirst": (
            "The city’s first dedicated bus lanes will run along a nine-kilometre stretch of "
            "its busiest ring road, with work due to start within three months."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "authors": ("rawaz-omer",),
        "tags": ("transport",),
        "hours_ago": 2,
        "body": (
            "<p>Erbil will reserve a lane in each direction for buses along a nine-kilometre "
            "stretch of the 60-metre road, the city’s busiest ring road, the governorate said "
            "on {day}, in an effort to make a bus journey quicker than sitting in traffic.</p>",
            "<p>The lanes will run between the junction with the Kirkuk road and the turning "
            "for the airport. They will be painted red and separated from other traffic by a "
            "low kerb. Twenty-two new buses, ordered last year, are due to enter service on "
            "the route once the work is finished.</p>",
            "<h2>What changes for drivers</h2>",
            "<ul>"
            "<li>Private cars and taxis driving in the bus lane between 7am and 7pm will be "
            "fined.</li>"
            "<li>Right turns across the lane will be allowed only at marked junctions.</li>"
            "<li>Kerbside parking on the stretch will go, replaced by 600 spaces in two new "
            "car parks.</li>"
            "</ul>",
            "<p>“A bus stuck in the same queue as everyone else is not a service, it is "
            "just a bigger car,” said Hawre Jalal, who heads the governorate’s transport "
            "planning office. “If the bus is quicker, people will take it.”</p>",
            "<p>Shopkeepers along the road were less sure. Several said that losing kerbside "
            "parking could cost them customers, and asked for loading bays to be kept for "
            "deliveries. Mr Jalal said the plans included a loading bay every 300 metres and "
            "would be presented at public meetings before the tender is issued.</p>",
        ),
        "photo": {
            "scene": "city",
            "light": "day",
            "alt_text": "Apartment blocks, a dome and a minaret under a clear blue sky.",
            "caption": "Apartment blocks along Erbil’s 60-metre road, where the bus lanes "
            "are planned.",
            "credit": "Newsroom/Rawaz Omer",
            "photographer": "Rawaz Omer",
        },
    },
    {
        "slug": "baghdad-tigris-silt-dredging",
        "section": "middle-east",
        "headline": "Baghdad seeks contractors to clear silt from the Tigris",
        "standfirst": (
            "Sandbanks in the riverbed are blocking the intakes of two water treatment "
            "plants that supply several districts of the capital, officials say."
        ),
        "dateline": "BAGHDAD",
        "authors": ("lana-yousif",),
        "tags": ("water",),
        "hours_ago": 5,
        "body": (
            "Baghdad’s water authority has invited companies to bid for a contract to dredge "
            "four stretches of the Tigris inside the city, where islands of silt have grown "
            "large enough to block the intakes of two water treatment plants, officials said "
            "on {day}.",
            "The work would remove about 1.2 million cubic metres of sediment over eighteen "
            "months, according to the tender documents. Engineers say the sandbanks have "
            "built up because the river carries less water for much of the year than it once "
            "did, and no longer flushes the silt downstream.",
            "“When the flow was stronger, the river cleaned itself,” said Muthanna "
            "Kadhim, an engineer with the city’s water directorate. “Now the sand settles "
            "in front of the pumps, and we have had to run some of them at half "
            "capacity.”",
            "Residents of Adhamiya and Karrada, on opposite banks of the river, have reported "
            "weak water pressure in recent months, and many households have bought rooftop "
            "tanks and pumps. The directorate said clearing the intakes would restore normal "
            "pressure for about 300,000 people.",
            "Environmental groups have asked that the dredged silt not be dumped on the "
            "riverbanks, where it could smother the reeds that shelter birds. The tender "
            "requires the contractor to take it to approved sites outside the city.",
        ),
        "photo": {
            "scene": "river",
            "light": "day",
            "alt_text": "Palm trees on the bank of a wide, slow river under a pale blue sky.",
            "caption": "The Tigris in Baghdad, where sandbanks have grown in the riverbed.",
            "credit": "Newsroom/Lana Yousif",
            "photographer": "Lana Yousif",
        },
    },
    {
        "slug": "erbil-late-header-top-of-table",
        "section": "sport",
        "headline": "Late header sends Erbil top of the table",
        "standfirst": (
            "Substitute Aram Khalid scored two minutes from time as Erbil came from behind "
            "to beat Zakho 2–1 at the Franso Hariri Stadium."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "authors": ("hemin-rasul",),
        "tags": ("football",),
        "hours_ago": 9,
        "body": (
            "Aram Khalid had been on the pitch for nine minutes when a corner from the right "
            "found him unmarked at the far post. His header, two minutes from the end of "
            "normal time, gave Erbil a 2–1 win over Zakho and took them top of the league "
            "for the first time this season.",
            "Zakho had led for most of the evening. Their captain, Shivan Nawzad, drove a low "
            "shot in off the post after twenty minutes, and the visitors then defended deep "
            "and in numbers as the home side pushed forward.",
            "Erbil’s equaliser came just after the hour, when Daban Fuad turned sharply on "
            "the edge of the area and curled the ball beyond the goalkeeper. The crowd of "
            "around 14,000, the largest at the ground this season, was on its feet for most "
            "of the last half-hour.",
            "“We were too slow in the first half and the players knew it,” said "
            "Erbil’s coach, Farhad Qadir. “At half-time I asked them to move the ball "
            "quicker and to be brave. Aram has waited for his chance, and he took it.”",
            "Zakho’s coach said his side had deserved at least a draw. Erbil travel to "
            "Baghdad next week, while Zakho host Duhok in a derby that has already sold out.",
        ),
        "photo": {
            "scene": "stadium",
            "light": "night",
            "alt_text": "Floodlights shining over a football pitch and a crowded stand at night.",
            "caption": "The Franso Hariri Stadium under lights before kick-off.",
            "credit": "Newsroom/Hemin Rasul",
            "photographer": "Hemin Rasul",
        },
    },
    {
        "slug": "erbil-airport-passenger-numbers-climb",
        "section": "business",
        "headline": "Erbil airport passenger numbers climb as airlines add routes",
        "standfirst": (
            "The airport handled nearly a fifth more travellers in the past three months "
            "than a year earlier, helped by new links to Europe and the Gulf."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "authors": ("karwan-hamid",),
        "tags": ("transport", "economy"),
        "hours_ago": 14,
        "body": (
            "Erbil International Airport handled 612,000 passengers in the past three months, "
            "19 per cent more than in the same period a year earlier, its management said on "
            "{day}, as new routes to Europe and the Gulf drew both business travellers and "
            "families visiting relatives.",
            "Two low-cost carriers began flying to the city during the period, one from "
            "Istanbul and one from Sharjah, and a European airline increased its service "
            "from Vienna to four flights a week. Cargo rose by 8 per cent, led by fresh "
            "produce and medicines.",
            "“Most of the growth is people who used to fly through Baghdad or drive to "
            "Turkey,” said Rebin Shwan, the airport’s commercial director. “When "
            "there is a direct flight at a fair price, they take it.”",
            "The airport plans to open six more check-in desks and a second security lane in "
            "the departures hall, where queues at busy times have stretched beyond an hour. "
            "Travel agents in the city say fares remain high during the holidays, when demand "
            "from Kurds living in Europe is strongest.",
        ),
        "photo": {
            "scene": "plain",
            "light": "dusk",
            "alt_text": "A flat plain stretching to low hills under an orange evening sky, "
            "with a line of poles and wires.",
            "caption": "Evening over the plain on the approach to Erbil International Airport.",
            "credit": "Newsroom/file",
            "photographer": "",
        },
    },
    {
        "slug": "sulaimani-bazaar-renovation-rents",
        "section": "kurdistan",
        "headline": "Sulaimani’s old bazaar gets a facelift, and its traders worry about rent",
        "standfirst": (
            "New roofs and drains are welcome, shopkeepers say, but many fear that higher "
            "rents will follow the renovation."
        ),
        "dateline": "SULAIMANI, Kurdistan Region",
        "authors": ("shilan-aziz",),
        "tags": ("economy", "culture"),
        "hours_ago": 20,
        "body": (
            "For Kamaran Ali, who has sold spices from the same narrow shop in Sulaimani’s old "
            "bazaar for thirty-one years, the new roof over his lane means he no longer has "
            "to cover his sacks of sumac and dried limes with plastic sheeting when it rains.",
            "“It is beautiful now, I will not pretend otherwise,” he said, pointing "
            "up at the restored brick arches. “But my neighbour’s landlord has already "
            "asked him for double. If they ask me for double, I am finished.”",
            "The municipality’s renovation, now in its second year, has replaced leaking "
            "roofs, laid new drains and rewired lanes where tangled cables once hung from "
            "every wall. Officials say the work has greatly reduced the risk of fire, which "
            "destroyed dozens of shops in a nearby market several years ago.",
            "Most shops in the bazaar are privately owned and rented out, and the "
            "municipality says it has no power to set rents. Traders have formed a committee "
            "to ask the city council for a temporary cap, or at least for existing leases to "
            "be protected until the work is complete.",
            "The renovation has brought visitors back. On a weekday afternoon the covered "
            "lanes were busy with families and a handful of tourists photographing the "
            "coppersmiths at work. Whether the traders who gave the bazaar its character will "
            "still be there to greet them is the question many here are asking.",
        ),
        "photo": {
            "scene": "city",
            "light": "dusk",
            "alt_text": "Rooftops, domes and a minaret in silhouette against an orange dusk "
            "sky, with lit windows.",
            "caption": "Dusk over the rooftops of Sulaimani’s old bazaar.",
            "credit": "Newsroom/Shilan Aziz",
            "photographer": "Shilan Aziz",
        },
    },
    {
        "slug": "middle-east-cities-water-gap-study",
        "section": "world",
        "headline": "Middle East cities face a widening water gap, researchers warn",
        "standfirst": (
            "Demand in the region’s fast-growing cities could outstrip reliable supply by a "
            "third within fifteen years unless leaks are fixed and wastewater is reused."
        ),
        "dateline": "GENEVA",
        "authors": ("newsroom-wire",),
        "tags": ("water",),
        "hours_ago": 27,
        "body": (
            "<p>Cities in the Middle East and North Africa are drawing more water than rivers, "
            "rain and aquifers can reliably replace, and the gap will widen quickly without "
            "investment in repairs and reuse, according to a study published on {day} by the "
            "Water Futures Institute, a research group based in Geneva.</p>",
            "<p>The study, which examined 42 cities from Morocco to Iran, found that on "
            "average more than a third of treated water is lost to leaking pipes and illegal "
            "connections before it reaches a tap. Less than a fifth of the region’s municipal "
            "wastewater is treated and reused.</p>",
            "<p>Ines Moreau, the study’s lead author, said cities had spent too long looking "
            "for new sources:</p>",
            "<blockquote><p>“The cheapest new water in most of these cities is the water "
            "they already pay to treat and then lose underground. Finding it is not "
            "glamorous, but it works.”</p></blockquote>",
            "<p>The pressure is greatest in cities whose populations have doubled within a "
            "generation, including several in Iraq, where the Tigris and Euphrates carry less "
            "water than they did a few decades ago because of dams upstream, heavy irrigation "
            "and a hotter climate.</p>",
            "<p>The authors recommend that cities measure what they lose, meter what they "
            "deliver and treat wastewater well enough to irrigate farms and parks. Those "
            "steps alone, they estimate, could close about half of the projected gap at a "
            "fraction of the cost of desalination plants or new dams.</p>",
        ),
        "photo": {
            "scene": "river",
            "light": "dusk",
            "alt_text": "Palm trees silhouetted beside a wide river reflecting a red and "
            "orange sunset.",
            "caption": "Sunset over a river in southern Iraq, where flows have fallen over "
            "recent decades.",
            "credit": "Newsroom Wire",
            "photographer": "",
        },
    },
    {
        "slug": "duhok-dam-reservoir-fuller-than-last-year",
        "section": "kurdistan",
        "headline": "Duhok dam holds more water than a year ago, engineers say",
        "standfirst": (
            "The reservoir north of the city is 68 per cent full, enough to supply drinking "
            "water through the dry months without rationing."
        ),
        "dateline": "DUHOK, Kurdistan Region",
        "authors": ("avin-sleman",),
        "tags": ("water", "agriculture"),
        "hours_ago": 33,
        "body": (
            "The reservoir behind the Duhok dam is 68 per cent full, compared with 51 per "
            "cent at the same point last year, the engineers who run it said on {day}, "
            "easing fears of a repeat of the rationing that left some neighbourhoods with "
            "running water for only a few hours a day.",
            "Better rain and snow in the mountains to the north account for most of the "
            "difference, said Sherzad Haji, the dam’s chief engineer, but repairs to the "
            "canals that carry water to farms downstream have also helped. “Last year a "
            "quarter of what we released never reached a field,” he said. “We have "
            "closed the worst of those leaks.”",
            "The dam, completed in the late 1980s, supplies much of the city’s drinking water "
            "and irrigates orchards and vegetable farms in the valley below. Its lake is also "
            "a favourite picnic spot, and at weekends the shore road is lined with families.",
            "Engineers warned against complacency. The reservoir has lost part of its "
            "capacity to silt over the decades, and the directorate has asked for money to "
            "survey how much. “A full lake is good news,” Mr Haji said, “but we "
            "need to know how big the lake really is.”",
        ),
        "photo": {
            "scene": "lake",
            "light": "dawn",
            "alt_text": "A still lake reflecting the sky beneath layered mountain ridges at dawn.",
            "caption": "The Duhok dam reservoir in the early morning.",
            "credit": "Newsroom/Avin Sleman",
            "photographer": "Avin Sleman",
        },
    },
    {
        "slug": "umm-qasr-port-record-container-traffic",
        "section": "middle-east",
        "headline": "Basra’s main port handles record container traffic",
        "standfirst": (
            "Umm Qasr moved more containers in the past three months than in any quarter on "
            "record, though importers complain of slow customs checks."
        ),
        "dateline": "BASRA",
        "authors": ("lana-yousif", "newsroom-wire"),
        "tags": ("economy", "transport"),
        "hours_ago": 41,
        "update_note": "This article was updated to include a response from the customs authority.",
        "updated_hours_later": 3,
        "body": (
            "The port of Umm Qasr, Iraq’s main gateway for imported goods, handled 410,000 "
            "containers in the past three months, the highest quarterly figure on record, "
            "the transport ministry said on {day}.",
            "Officials credited new cranes at the port’s northern berths and longer shifts "
            "for dock workers, which have cut the time ships wait at anchor from about six "
            "days to two. Most of the cargo was food, building materials, cars and "
            "electrical goods.",
            "Importers welcomed the faster unloading but said the bottleneck had simply moved "
            "inland. “The ship arrives on time, and then the container sits on the quay "
            "for two weeks waiting for a stamp,” said Haider Salman, who imports "
            "household appliances for shops in Basra and Baghdad.",
            "The customs authority said it had introduced electronic declarations at the "
            "port and expected clearance times to fall as more traders used them. A "
            "spokesman said containers whose paperwork was complete on arrival were now "
            "cleared within four days.",
        ),
        "photo": {
            "scene": "port",
            "light": "day",
            "alt_text": "Container cranes above stacks of coloured shipping containers on a "
            "quayside by the water.",
            "caption": "Cranes and containers on the quay at Umm Qasr.",
            "credit": "Newsroom Wire",
            "photographer": "",
        },
    },
    {
        "slug": "womens-football-league-record-eight-teams",
        "section": "sport",
        "headline": "Women’s football league kicks off with a record eight teams",
        "standfirst": (
            "Clubs from all four governorates of the Kurdistan Region are taking part, twice "
            "as many teams as started the competition three years ago."
        ),
        "dateline": "SULAIMANI, Kurdistan Region",
        "authors": ("hemin-rasul",),
        "tags": ("football", "youth"),
        "hours_ago": 52,
        "body": (
            "The Kurdistan Region’s women’s football league began its new season on {day} "
            "with eight teams, the most since the competition was founded, and a crowd of "
            "several hundred at the opening match in Sulaimani, where the home side beat "
            "Halabja 3–0.",
            "Three years ago only four clubs entered. Since then, the regional football "
            "federation has paid for coaching courses for women and required clubs in the top "
            "men’s division to run a women’s team or to fund one at a partner club.",
            "“When I started, we trained in a car park after the men had finished with "
            "the pitch,” said Zhino Rauf, Sulaimani’s 27-year-old captain, who scored "
            "twice. “Now we have our own training times and a kit that fits. The girls "
            "who come to the academy on Fridays can see that this is real.”",
            "Each team will play fourteen matches, home and away, with the final round in "
            "five months’ time. The federation said it was in talks with a regional "
            "television channel to broadcast the closing matches.",
        ),
        "photo": {
            "scene": "stadium",
            "light": "day",
            "alt_text": "A striped green football pitch in front of a stand, with floodlight "
            "towers against a blue sky.",
            "caption": "The pitch in Sulaimani before the opening match of the season.",
            "credit": "Newsroom/Hemin Rasul",
            "photographer": "Hemin Rasul",
        },
    },
    {
        "slug": "refinery-expansion-fuel-output",
        "section": "business",
        "headline": "Refinery expansion near Erbil to raise fuel output by a third",
        "standfirst": (
            "A new processing unit should reduce the region’s reliance on imported petrol "
            "and diesel, its operator says."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "authors": ("karwan-hamid",),
        "tags": ("energy", "economy"),
        "hours_ago": 64,
        "body": (
            "A refinery on the plain west of Erbil will raise its output by about a third "
            "when a new processing unit starts work next month, its operator said on {day}, "
            "a step it says will cut the Kurdistan Region’s need to import petrol and diesel "
            "from neighbouring countries.",
            "The unit can process 40,000 barrels of crude a day and will produce fuel that "
            "meets the emissions standard required by most new cars sold in Iraq, said "
            "Dilshad Majid, the company’s operations manager. Much of the fuel sold locally "
            "still contains high levels of sulphur.",
            "Economists welcomed the prospect of cheaper and cleaner fuel but noted that "
            "prices at the pump are largely set by the government. “More supply helps, "
            "but it does not automatically mean a lower price for a taxi driver,” said "
            "Bawan Faraj, who teaches economics at Salahaddin University.",
            "Villagers living near the site have long complained about the smell and the "
            "flares that light up the night sky. The company said the new unit would capture "
            "gas that is now burned off and use it to power the plant, and that it would "
            "publish readings from air-quality monitors it has installed in three villages.",
        ),
        "photo": {
            "scene": "refinery",
            "light": "night",
            "alt_text": "Storage tanks and towers at a refinery at night, with a gas flare "
            "burning on a tall stack.",
            "caption": "A gas flare burns at the refinery west of Erbil.",
            "credit": "Newsroom/Rawaz Omer",
            "photographer": "Rawaz Omer",
        },
    },
    {
        "slug": "halabja-orchards-drip-irrigation",
        "section": "kurdistan",
        "headline": "Halabja’s orchard farmers turn to drip irrigation as springs weaken",
        "standfirst": (
            "Pomegranate growers say piping water straight to the roots uses half as much as "
            "flooding the orchard, and the fruit is better for it."
        ),
        "dateline": "HALABJA, Kurdistan Region",
        "authors": ("shilan-aziz",),
        "tags": ("agriculture", "water"),
        "hours_ago": 76,
        "body": (
            "In the orchards below the Hawraman mountains, where Halabja’s pomegranates have "
            "been grown for generations, the earth channels that once carried spring water "
            "between the trees are falling out of use. In their place, black plastic pipes "
            "run along each row, dripping water at the foot of every trunk.",
            "“My father flooded the whole orchard once a week,” said Ako Mohammed, "
            "who farms four hectares outside the town. “The springs gave enough for "
            "that then. Now they give less every year. With the pipes I use half the water, "
            "and the fruit is bigger.”",
            "The district’s agriculture directorate said about 300 farms, roughly a quarter "
            "of the total, had installed drip systems with subsidised equipment over the past "
            "two years. Farmers pay 30 per cent of the cost, and a programme funded by an "
            "international development agency pays the rest.",
            "Hydrologists say the springs are weakening because less snow falls on the "
            "mountains and because more wells are being drilled. They have urged the "
            "directorate to license wells and measure how much is drawn from them, something "
            "farmers’ groups have resisted.",
            "For now, Mr Mohammed worries more about the price of plastic than about the "
            "rules. “The pipes last five or six years in the sun,” he said. "
            "“After that, who will pay?”",
        ),
        "photo": {
            "scene": "fields",
            "light": "day",
            "alt_text": "Rows of round green fruit trees across gentle hills under a bright sky.",
            "caption": "Pomegranate orchards on the plain below the Hawraman mountains.",
            "credit": "Newsroom/Shilan Aziz",
            "photographer": "Shilan Aziz",
        },
    },
    {
        "slug": "sulaimani-novelist-translation-prize-shortlist",
        "section": "world",
        "headline": "Sulaimani novelist shortlisted for international translation prize",
        "standfirst": (
            "Avan Karim’s novel about three generations of one family is the first book "
            "translated from Sorani Kurdish to reach the prize’s final six."
        ),
        "dateline": "LONDON",
        "authors": ("shilan-aziz",),
        "tags": ("culture",),
        "hours_ago": 90,
        "body": (
            "A novel by the Sulaimani writer Avan Karim has been shortlisted for an "
            "international prize for fiction in translation, the first book translated from "
            "Sorani Kurdish to reach the final six, the organisers announced in London on "
            "{day}.",
            "The House on Salim Street follows three generations of a family through a "
            "century of the city’s history, told through the rooms of the house they share. "
            "Its English translation, by Hana Dabbagh, was published by a small independent "
            "press in Edinburgh.",
            "The judges called it “a novel of great tenderness about how ordinary people "
            "carry history”. The winner, who shares the prize money equally with the "
            "translator, will be announced next month.",
            "Reached by telephone in Sulaimani, Karim said the news had taken her by "
            "surprise. “I wrote it for my neighbours,” she said. “That people "
            "in other languages want to read about our kitchen arguments and our weddings "
            "makes me very happy.”",
            "Publishers say interest in Kurdish literature abroad is growing, but only a "
            "handful of books are translated each year. Ms Dabbagh said the shortlist would "
            "help: “One book that travels opens the door for the next ten.”",
        ),
        "photo": {
            "scene": "city",
            "light": "night",
            "alt_text": "A city skyline at night under a starry sky, with many lit windows.",
            "caption": "Sulaimani at night. The novel is set in one of the city’s oldest streets.",
            "credit": "Newsroom/file",
            "photographer": "",
        },
    },
    {
        "slug": "erbil-citadel-restored-lane-reopens",
        "section": "kurdistan",
        "headline": "A restored lane of old houses reopens to visitors at Erbil citadel",
        "standfirst": (
            "Twelve courtyard houses on the citadel’s eastern side are the first homes "
            "inside its walls to open to the public since restoration began."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "authors": ("rawaz-omer",),
        "tags": ("culture",),
        "hours_ago": 110,
        "update_note": (
            "Correction: An earlier version of this article said fourteen houses had been "
            "restored. Twelve have been restored; two more are still under repair."
        ),
        "updated_hours_later": 6,
        "body": (
            "Visitors to Erbil citadel can once again walk down one of its residential lanes, "
            "after restorers reopened twelve courtyard houses on the mound’s eastern side on "
            "{day}. They are the first homes inside the walls to open to the public since "
            "work to save the citadel’s fragile buildings began.",
            "The houses, most of them built in the late nineteenth and early twentieth "
            "centuries, had stood empty since the citadel’s last residents were moved out to "
            "make way for restoration. Many had lost their roofs, and several had partly "
            "collapsed after heavy rain.",
            "Restorers used fired brick, lime mortar and timber roof beams, and salvaged the "
            "original doors and window grilles wherever they could. “We tried to repair, "
            "not rebuild,” said Shnyar Ahmed, an architect on the project. “If a "
            "wall could be saved, we saved it, even if it is crooked.”",
            "Three of the houses hold small exhibitions about daily life on the citadel, with "
            "photographs and objects donated by families who once lived there. Another will "
            "become a café run by a local women’s cooperative.",
            "The citadel, a UNESCO World Heritage Site that has been lived on for thousands "
            "of years, draws visitors throughout the year. Officials said entry to the lane "
            "would be free for the first month.",
        ),
        "photo": {
            "scene": "citadel",
            "light": "dusk",
            "alt_text": "The long walls of a hilltop citadel, with an arched gateway, against "
            "a pink and orange dusk sky.",
            "caption": "The walls of Erbil citadel at dusk.",
            "credit": "Newsroom/Rawaz Omer",
            "photographer": "Rawaz Omer",
        },
    },
    {
        "slug": "mosul-old-city-families-return-riverside-houses",
        "section": "middle-east",
        "headline": "Families return to rebuilt riverside houses in Mosul’s old city",
        "standfirst": (
            "Forty houses above the Tigris have been rebuilt with their original stone and "
            "handed back to their owners."
        ),
        "dateline": "MOSUL",
        "authors": ("lana-yousif",),
        "tags": ("culture",),
        "hours_ago": 130,
        "body": (
            "Forty families received the keys to their rebuilt homes in Mosul’s old city on "
            "{day}, in a quarter of narrow lanes above the Tigris where almost every house "
            "was damaged or destroyed during the fighting of 2017.",
            "The houses were rebuilt by local stonemasons using the grey Mosul marble that "
            "gives the old city its colour. Carved door frames and window arches that "
            "survived in the rubble were numbered, stored and put back in their places.",
            "“I recognised my grandfather’s door before I recognised the house,” "
            "said Umm Yousif, who has moved back with her three children. “The stone is "
            "the same, the rooms are the same. Only the neighbours are missing, and we hope "
            "they will come back too.”",
            "Many of the quarter’s owners still live elsewhere in the city or in other "
            "provinces, and some have sold their plots. Community leaders say schools, a "
            "clinic and reliable electricity will decide whether more families follow.",
            "Engineers say 120 more houses in the quarter are waiting for funding. The "
            "project’s organisers hope to complete the next phase within two years.",
        ),
        "photo": {
            "scene": "river",
            "light": "dawn",
            "alt_text": "A calm river at dawn with palm trees on the bank and low buildings "
            "on the far shore.",
            "caption": "The Tigris at dawn below Mosul’s old city.",
            "credit": "Newsroom/Lana Yousif",
            "photographer": "Lana Yousif",
        },
    },
    {
        "slug": "mountain-honey-producers-gulf-buyers",
        "section": "business",
        "headline": "Mountain honey producers look to buyers in the Gulf",
        "standfirst": (
            "Beekeepers around Soran and Choman hope that laboratory tests and proper labels "
            "will earn their honey a premium abroad."
        ),
        "dateline": "SORAN, Kurdistan Region",
        "authors": ("karwan-hamid",),
        "tags": ("agriculture", "economy"),
        "hours_ago": 155,
        "body": (
            "Beekeepers in the mountains around Soran and Choman have begun testing and "
            "labelling their honey to international standards, hoping to sell to buyers in "
            "the Gulf who pay several times the local price for wild mountain honey.",
            "A cooperative of 85 beekeepers sent its first shipment, three tonnes, to a "
            "distributor in Dubai last month. Each jar carries a batch number, the altitude "
            "of the hives and the results of laboratory tests for purity.",
            "“Everybody in the bazaar says their honey is pure mountain honey,” said "
            "Sardar Hussein, the cooperative’s chairman, who keeps 140 hives on the slopes "
            "above his village. “Now we can prove it, with a paper from a laboratory. "
            "That is what the buyers want.”",
            "The region has about 9,000 beekeepers, according to the agriculture ministry, "
            "but most sell directly to customers or to traders in Erbil’s markets. Tests are "
            "expensive and until recently had to be done abroad; a laboratory in Erbil now "
            "offers them.",
            "Traders warn that exports will grow only if supply is reliable. Drought and "
            "pesticides sprayed on lowland farms have killed colonies in recent years, and a "
            "bad season can leave a cooperative with nothing to sell.",
        ),
        "photo": {
            "scene": "mountains",
            "light": "dawn",
            "alt_text": "Layered mountain ridges fading into a hazy pink dawn sky.",
            "caption": "Mountains above Choman, where many of the cooperative’s hives are kept.",
            "credit": "Newsroom/Karwan Hamid",
            "photographer": "Karwan Hamid",
        },
    },
    {
        "slug": "sulaimani-half-marathon-fourteen-countries",
        "section": "sport",
        "headline": "Sulaimani half-marathon draws runners from 14 countries",
        "standfirst": (
            "More than 3,000 people ran the city’s half-marathon, twice last year’s field, "
            "and a local maths teacher won the women’s race."
        ),
        "dateline": "SULAIMANI, Kurdistan Region",
        "authors": ("hemin-rasul", "shilan-aziz"),
        "tags": ("health",),
        "hours_ago": 180,
        "body": (
            "More than 3,000 runners, from schoolchildren to a 74-year-old retired "
            "policeman, took part in Sulaimani’s half-marathon on {day}, twice as many as "
            "last year, with entrants from 14 countries.",
            "The 21-kilometre course started at Azadi Park, climbed towards the foot of "
            "Goizha mountain and returned through the city centre, where families lined "
            "Salim Street to cheer. Roads were closed from dawn until early afternoon.",
            "The men’s race was won by Karzan Omar, 24, from Ranya, in 1 hour 6 minutes. The "
            "women’s winner, Bahar Jamal, teaches mathematics at a secondary school in the "
            "city and trains before work. “My pupils told me that if I did not win, they "
            "would not do their homework,” she said. “So I had no choice.”",
            "Organisers said the race had raised money for the children’s cancer ward at the "
            "city’s paediatric hospital, and that they hoped to add a full marathon next year "
            "if the city agreed to close the roads for longer.",
        ),
        "photo": {
            "scene": "city",
            "light": "dawn",
            "alt_text": "A city skyline with a minaret beneath hills, under a soft pink dawn sky.",
            "caption": "Sulaimani at dawn, an hour before the start of the race.",
            "credit": "Newsroom/Hemin Rasul",
            "photographer": "Hemin Rasul",
        },
    },
    {
        "slug": "schools-trial-digital-attendance-registers",
        "section": "kurdistan",
        "headline": "Two hundred schools to trial digital attendance registers",
        "standfirst": (
            "Teachers will record attendance on tablets, and parents will get a text "
            "message when their child is absent."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "authors": ("avin-sleman", "rawaz-omer"),
        "tags": ("education",),
        "hours_ago": 210,
        "body": (
            "Two hundred schools across the Kurdistan Region will replace paper attendance "
            "registers with tablets from the start of next term, the education ministry said "
            "on {day}, in a pilot meant to spot pupils who are drifting away from school "
            "before they leave altogether.",
            "Teachers will mark attendance at the start of each lesson, and parents will "
            "receive a text message if their child is absent without notice. Head teachers "
            "will see weekly reports, and the ministry will receive figures for each school.",
            "Officials said paper registers made it hard to notice patterns, such as a pupil "
            "who misses every Sunday, until it was too late. “A child rarely drops out "
            "in one day,” said Parwin Saeed, who is leading the pilot. “They miss a "
            "day, then two, then a week. We want to see that early and call the family.”",
            "Teachers’ representatives welcomed the aim but said many schools lacked reliable "
            "internet and electricity for much of the day. The ministry said the tablets "
            "would store records offline and upload them when a connection was available.",
            "The pilot will run for one school year in Erbil, Sulaimani, Duhok and Halabja, "
            "and the ministry will then decide whether to extend it to every school.",
        ),
    },
    {
        "slug": "jordan-desert-solar-farms-third-of-power",
        "section": "middle-east",
        "headline": "Jordan’s desert solar farms to supply a third of its electricity",
        "standfirst": (
            "Three new plants in the south of the country will add 600 megawatts of "
            "capacity, energy officials say."
        ),
        "dateline": "AMMAN",
        "authors": ("newsroom-wire",),
        "tags": ("energy",),
        "hours_ago": 250,
        "body": (
            "Jordan will connect three new solar plants in its southern desert to the grid "
            "over the coming year, adding 600 megawatts of capacity and raising the share of "
            "its electricity that comes from sun and wind to about a third, energy officials "
            "said on {day}.",
            "The country imports most of its fuel and has spent much of the past decade "
            "building renewable power to cut its bills. Its southern plateau, with clear "
            "skies for most of the year and wide stretches of empty land, has become one of "
            "the region’s busiest sites for solar developers.",
            "Grid operators say the harder problem now is storage. Solar output peaks at "
            "midday, while demand is highest in the evening, when air conditioners run in "
            "summer and heaters in winter. A battery plant is planned beside one of the new "
            "farms.",
            "Engineers in Iraq, where power cuts are still common in the hottest months, are "
            "watching closely. “Jordan shows that it can be done in a country without "
            "oil money,” said Ammar Hashim, an energy consultant in Baghdad. “The "
            "sun here is the same sun.”",
        ),
        "photo": {
            "scene": "solar",
            "light": "day",
            "alt_text": "Rows of dark blue solar panels stretching across a sandy desert "
            "towards low hills.",
            "caption": "Solar panels on the plateau of southern Jordan.",
            "credit": "Newsroom Wire",
            "photographer": "",
        },
    },
    {
        "slug": "cuneiform-tablets-returned-to-iraq",
        "section": "world",
        "headline": "Thirty-eight cuneiform tablets to be returned to Iraq",
        "standfirst": (
            "The clay tablets, bought from a dealer three decades ago, were probably dug "
            "illegally from sites in the south of the country, researchers found."
        ),
        "dateline": "BAGHDAD",
        "authors": ("newsroom-wire",),
        "tags": ("culture",),
        "hours_ago": 300,
        "body": (
            "Thirty-eight clay tablets inscribed in cuneiform, the wedge-shaped script of "
            "ancient Mesopotamia, will be returned to Iraq after a private collector in Europe "
            "agreed to hand them over, the culture ministry said on {day}.",
            "The tablets, most small enough to sit in the palm of a hand, record grain "
            "deliveries, loans and the sale of a house, and are about four thousand years "
            "old, according to researchers who studied them. The collector’s family bought "
            "them from a dealer in the 1990s without any record of where they came from.",
            "Scholars who examined the collection concluded that the tablets were probably "
            "dug illegally from sites in southern Iraq, where looting was widespread in the "
            "1990s and after 2003. The family contacted the Iraqi embassy once it learned of "
            "the findings.",
            "“They are receipts and contracts, not treasures in the usual sense,” "
            "said Luma Hassan, a specialist in ancient Mesopotamian languages at the "
            "University of Baghdad. “But they tell us how ordinary people lived, who "
            "owed what to whom.”",
            "The tablets will be studied at the Iraq Museum in Baghdad before going on "
            "display. Iraq has recovered tens of thousands of looted antiquities from abroad "
            "in recent years.",
        ),
        "photo": {
            "scene": "plain",
            "light": "dawn",
            "alt_text": "A wide, flat plain under a pale dawn sky, with low hills on the "
            "horizon and a line of poles.",
            "caption": "The plain near Nasiriyah, close to the ancient city of Ur.",
            "credit": "Newsroom/file",
            "photographer": "",
        },
    },
    {
        "slug": "dinar-steadies-erbil-exchange-market",
        "section": "business",
        "headline": "Dinar steadies against the dollar in Erbil’s exchange market",
        "standfirst": (
            "Money changers report a calm week after the central bank increased the amount "
            "of dollars it sells to importers."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "authors": ("karwan-hamid", "lana-yousif"),
        "tags": ("economy",),
        "hours_ago": 340,
        "update_note": (
            "Updated to add the central bank’s weekly sales figures, which were published "
            "after this article first appeared."
        ),
        "updated_hours_later": 5,
        "body": (
            "The Iraqi dinar held steady against the US dollar in Erbil’s exchange market "
            "for a sixth day running on {day}, trading at around 1,470 dinars to the dollar, "
            "after the central bank increased the amount of hard currency it sells to "
            "importers.",
            "Money changers on the city’s main currency street said business had been "
            "quiet, a sign, they said, that traders no longer felt they had to buy dollars in "
            "a hurry. “When people are afraid, they queue here from the morning,” "
            "said Jamal Osman, who has run a currency stall for twenty years. “This week "
            "nobody is afraid.”",
            "The central bank sold an average of $210 million a day last week, up from about "
            "$180 million a month earlier, according to figures published on its website. "
            "Importers who can show invoices for their goods may buy dollars at the official "
            "rate.",
            "Economists caution that the gap between the official and street rates reflects "
            "deeper problems, including the large share of imports paid for in cash and the "
            "difficulty some banks have in sending money abroad. “Calm is good,” "
            "said Bawan Faraj of Salahaddin University. “But the market will test the "
            "central bank again.”",
        ),
    },
    {
        "slug": "duhok-hospital-opens-cardiac-unit",
        "section": "kurdistan",
        "headline": "Duhok teaching hospital opens its first heart catheter unit",
        "standfirst": (
            "Patients with blocked arteries will no longer have to travel to Erbil or abroad "
            "for emergency treatment, doctors say."
        ),
        "dateline": "DUHOK, Kurdistan Region",
        "authors": ("avin-sleman",),
        "tags": ("health",),
        "hours_ago": 400,
        "body": (
            "Patients in Duhok with blocked heart arteries can now be treated in the city, "
            "after its main teaching hospital opened a cardiac catheterisation laboratory on "
            "{day}, sparing many the journey to Erbil, or abroad, for emergency care.",
            "The unit has two procedure rooms and a twelve-bed ward, and will insert stents "
            "around the clock once enough staff have been trained. Until now, patients having "
            "a heart attack in the province often waited hours for a transfer by ambulance, "
            "time in which heart muscle is lost.",
            "“In a heart attack, every half-hour counts,” said Lawin Ismail, the "
            "cardiologist who leads the unit and trained in Germany. “Before, we could "
            "give medicines and hope. Now we can open the artery directly.”",
            "The equipment was bought by the regional health ministry with a contribution "
            "from a charity set up by doctors from Duhok who work abroad. Treatment will be "
            "free for patients referred by the hospital’s emergency department.",
            "Doctors said the next challenge would be keeping the specialist nurses and "
            "technicians, who are often recruited by private hospitals offering higher pay.",
        ),
        "photo": {
            "scene": "city",
            "light": "day",
            "alt_text": "Low buildings and a domed roof in front of green hills under a blue sky.",
            "caption": "Duhok, seen from the hills above the city.",
            "credit": "Newsroom/Avin Sleman",
            "photographer": "Avin Sleman",
        },
    },
    {
        "slug": "duhok-wrestlers-asian-championships",
        "section": "sport",
        "headline": "Three wrestlers from one Duhok club named for the Asian championships",
        "standfirst": (
            "A club that trains in a converted warehouse has produced half of Iraq’s "
            "freestyle squad."
        ),
        "dateline": "DUHOK, Kurdistan Region",
        "authors": ("hemin-rasul",),
        "tags": ("youth",),
        "hours_ago": 450,
        "body": (
            "Three wrestlers from a single club in Duhok have been named in Iraq’s six-man "
            "freestyle team for the Asian championships, the national federation announced "
            "on {day}.",
            "The club trains in a converted warehouse on the edge of the city, where mats "
            "donated by a German partner club cover a concrete floor and a single heater "
            "warms the room. Its coach, Salar Musa, a former national champion, takes no "
            "salary and opens the doors at six every morning.",
            "“I tell the boys: the mat does not care where you come from,” he said. "
            "“If you come every day, the mat pays you back.” About sixty boys and "
            "young men train at the club, and Mr Musa hopes to start a section for girls if "
            "he can find a female coach.",
            "The three, Rezhwan Ali, Haval Sherwan and Idris Nasir, are aged between 19 and "
            "23. Ali, who wrestles at 74 kilograms, won a bronze medal at the Arab "
            "championships last year. The squad will train together in Baghdad for three "
            "weeks before travelling.",
        ),
    },
    {
        "slug": "turkey-iraq-technical-talks-tigris",
        "section": "middle-east",
        "headline": "Turkey and Iraq hold technical talks on Tigris water",
        "standfirst": (
            "Engineers from both countries agreed to share daily readings from dams and "
            "measuring stations, officials said."
        ),
        "dateline": "ANKARA",
        "authors": ("newsroom-wire",),
        "tags": ("water", "agriculture"),
        "hours_ago": 500,
        "body": (
            "Water engineers from Turkey and Iraq met in Ankara for two days of technical "
            "talks on the flow of the Tigris and Euphrates, and agreed to share daily "
            "readings from dams and measuring stations on both sides of the border, members "
            "of both delegations said on {day}.",
            "Iraq, which depends on the two rivers for most of its fresh water, has long "
            "asked for guaranteed minimum releases from upstream, especially in dry years. "
            "Turkey says its dams regulate the rivers and protect the countries downstream "
            "from floods as well as droughts.",
            "The talks did not address how the water is shared between the two countries, "
            "which is negotiated at a political level. But officials said that shared data "
            "would help Iraq plan each growing season and warn farmers earlier when less "
            "water is expected.",
            "“Today our farmers decide what to plant on a guess,” said a member of "
            "the Iraqi delegation. “If we know in good time what is coming, we can tell "
            "them to plant less rice and more wheat, or to wait.” The next round of "
            "talks is expected to take place in Baghdad.",
        ),
    },
    {
        "slug": "kurdish-lessons-swedish-schools-record",
        "section": "world",
        "headline": "Kurdish lessons in Swedish schools reach a record enrolment",
        "standfirst": (
            "More than 9,000 pupils now take weekly mother-tongue classes in Kurdish, as a "
            "new generation of the diaspora reaches school age."
        ),
        "dateline": "STOCKHOLM",
        "authors": ("newsroom-wire",),
        "tags": ("education", "culture"),
        "hours_ago": 560,
        "body": (
            "More than 9,000 pupils in Swedish schools are taking weekly lessons in Kurdish, "
            "the highest number on record, according to figures gathered from municipalities "
            "by a teachers’ association and published on {day}.",
            "Sweden gives pupils who speak another language at home the right to lessons in "
            "it, usually an hour or two a week. Kurdish, taught in both its Kurmanji and "
            "Sorani forms, is among the ten most requested languages.",
            "Teachers say demand has grown as the children and grandchildren of Kurds who "
            "arrived in the 1980s and 1990s reach school age. “The grandparents speak "
            "Kurdish, the parents mostly understand it, and the children want to talk to "
            "their grandparents,” said Rojin Eriksson, who teaches in a Stockholm "
            "suburb.",
            "The hardest part is finding qualified teachers, especially outside the big "
            "cities, where some pupils are taught over video. Textbooks are another problem: "
            "many schools use books printed in the Kurdistan Region in the Arabic-based "
            "script used for Sorani, while most Kurmanji speakers from Turkey and Syria write "
            "in the Latin alphabet.",
        ),
    },
    {
        "slug": "sulaimani-grocery-delivery-startup-raises-funds",
        "section": "business",
        "headline": "Sulaimani grocery delivery start-up raises $2m to expand",
        "standfirst": (
            "The company plans to launch in Erbil and Duhok and hire 150 people after a "
            "funding round led by investors from the diaspora."
        ),
        "dateline": "SULAIMANI, Kurdistan Region",
        "authors": ("karwan-hamid", "shilan-aziz"),
        "tags": ("economy",),
        "hours_ago": 620,
        "body": (
            "A grocery delivery company founded in Sulaimani three years ago has raised $2 "
            "million from investors, most of them Kurds living in Europe and North America, "
            "and plans to expand to Erbil and Duhok, its founders said on {day}.",
            "The company, Bazarbox, delivers from a network of small warehouses within 30 "
            "minutes of an order. It says it has 40,000 regular customers in Sulaimani and "
            "makes about 3,000 deliveries a day, most of them by motorbike.",
            "“Online shopping here used to mean paying cash on delivery and waiting two "
            "days,” said Darya Kamal, 31, who started the business with her brother "
            "after returning from university in the Netherlands. “We wanted it to feel "
            "as if the corner shop came to you.”",
            "The company will hire 150 riders and warehouse staff in the two new cities. Its "
            "riders are employees rather than freelancers, with health insurance and "
            "helmets provided, which the founders say keeps staff from leaving.",
            "Investors in the region remain cautious. Few local start-ups have raised more "
            "than a few hundred thousand dollars, and online payment is held back by the "
            "limited use of bank cards. About half of Bazarbox’s customers still pay in cash.",
        ),
        "photo": {
            "scene": "city",
            "light": "night",
            "alt_text": "Tall buildings with lit windows against a dark blue night sky and a "
            "pale moon.",
            "caption": "Sulaimani at night, when the company’s riders make a third of their "
            "deliveries.",
            "credit": "Newsroom/Shilan Aziz",
            "photographer": "Shilan Aziz",
        },
    },
    {
        "slug": "sulaimani-film-festival-forty-shorts",
        "section": "kurdistan",
        "headline": "Sulaimani film festival to open with forty Kurdish short films",
        "standfirst": (
            "Films from Iran, Turkey, Syria and the diaspora will compete with work from the "
            "Kurdistan Region, and more than half the directors are under thirty."
        ),
        "dateline": "SULAIMANI, Kurdistan Region",
        "authors": ("shilan-aziz",),
        "tags": ("culture", "youth"),
        "hours_ago": 680,
        "body": (
            "Forty Kurdish short films, from Iran, Turkey, Syria and the diaspora as well as "
            "the Kurdistan Region, will compete at Sulaimani’s film festival next month, the "
            "organisers said on {day} as they announced the programme.",
            "More than half of the selected directors are under thirty, and eleven are "
            "women. Many of the films were shot on phones or borrowed cameras. One, a "
            "fifteen-minute documentary about a shepherd and his dog on the slopes of Mount "
            "Halgurd, was filmed entirely by the director’s younger brother.",
            "“Five years ago we had to go looking for films. Now we have to say no to "
            "good ones,” said Hawar Latif, the festival’s director. “Young people "
            "have the tools in their pockets, and they have stories nobody has told.”",
            "Screenings will take place over five evenings in the city’s restored cinema and "
            "at an open-air venue in Azadi Park, and entry will be free. The winning films "
            "will be shown on a regional television channel.",
        ),
        "photo": {
            "scene": "mountains",
            "light": "dusk",
            "alt_text": "Dark mountain ridges one behind another under a violet and orange "
            "dusk sky.",
            "caption": "The slopes of Mount Halgurd, where one of the festival’s "
            "documentaries was filmed.",
            "credit": "Newsroom/file",
            "photographer": "",
        },
    },
    {
        "slug": "zakho-floodlights-night-football",
        "section": "sport",
        "headline": "New floodlights bring night football back to Zakho",
        "standfirst": (
            "The club will play its first evening home match in more than a decade after the "
            "stadium’s lights were replaced."
        ),
        "dateline": "ZAKHO, Kurdistan Region",
        "authors": ("hemin-rasul", "avin-sleman"),
        "tags": ("football", "energy"),
        "hours_ago": 740,
        "body": (
            "Zakho will play their first evening home match in more than a decade next week, "
            "after new floodlights were installed at the club’s stadium, the club said on "
            "{day}.",
            "The old lights failed years ago, and repairing them and running them on diesel "
            "generators cost more than the club could afford, so Zakho have played their "
            "home games in the afternoon ever since. That has meant empty stands on working "
            "days and matches in punishing heat for part of the season.",
            "The new LED lamps use less than half the power of the old ones and are "
            "connected to the city grid, with a generator in reserve. The 2.5 billion dinar "
            "cost was shared between the club, the provincial government and a local "
            "construction company whose name now appears on the players’ shirts.",
            "“Football at night is a different sport for the supporters,” said Azad "
            "Khalil, the club secretary. “People finish work, they bring their children, "
            "they stay for tea afterwards. We have waited a long time for this.”",
        ),
        "photo": {
            "scene": "stadium",
            "light": "night",
            "alt_text": "Bright floodlights on tall towers above an empty football pitch at night.",
            "caption": "The new floodlights at Zakho’s stadium during a test the night they "
            "were installed.",
            "credit": "Newsroom/Avin Sleman",
            "photographer": "Avin Sleman",
        },
    },
    {
        "slug": "dust-storms-cost-region-billions-study",
        "section": "world",
        "headline": "Dust storms cost the region billions each year, study finds",
        "standfirst": (
            "Closed airports, lost working days and hospital visits add up to as much as 2 "
            "per cent of economic output in the worst-hit countries, researchers say."
        ),
        "dateline": "CAIRO",
        "authors": ("newsroom-wire",),
        "tags": ("health", "agriculture"),
        "hours_ago": 800,
        "body": (
            "Sand and dust storms cost countries in the Middle East and North Africa "
            "billions of dollars a year in closed airports, lost working days, damaged crops "
            "and hospital visits, according to a study by economists and climate scientists "
            "published on {day}.",
            "In the worst-affected countries, including Iraq, Kuwait and Syria, the combined "
            "cost can reach 2 per cent of economic output in a bad year, the study found. "
            "In some recent years Iraq has recorded more than twenty days of severe dust, "
            "when airports closed and thousands of people sought treatment for breathing "
            "problems.",
            "The researchers said the storms had become more frequent as land dried out "
            "through drought, overgrazing and the draining of marshes and lakes, which leaves "
            "fine sediment exposed to the wind.",
            "They argued that planting belts of trees, restoring wetlands and keeping soil "
            "covered after the harvest would pay for themselves within a decade, and urged "
            "governments in the region to share forecasts so that hospitals and airports "
            "can prepare.",
        ),
    },
    {
        "slug": "regional-water-ministers-meet-baghdad",
        "section": "middle-east",
        "headline": "Regional water ministers gather in Baghdad for drought talks",
        "standfirst": (
            "Officials from six countries are expected to discuss shared rivers, flow data "
            "and emergency plans for dry years."
        ),
        "dateline": "BAGHDAD",
        "authors": ("lana-yousif",),
        "tags": ("water",),
        "hours_ago": -26,
        "body": (
            "Water ministers and senior officials from six countries gathered in Baghdad on "
            "{day} for two days of talks on managing shared rivers through drought, the first "
            "such meeting the Iraqi capital has hosted in several years.",
            "Iraq is expected to press its neighbours for agreements on minimum releases from "
            "upstream dams, and to propose a regional centre that would collect river flow "
            "and rainfall data from every country taking part.",
            "Delegates are also due to discuss emergency plans for dry years, including how "
            "to protect drinking water when irrigation has to be cut. A joint statement is "
            "expected at the close of the meeting.",
        ),
        "photo": {
            "scene": "river",
            "light": "dusk",
            "alt_text": "A broad river reflecting an orange sunset, with palm trees in "
            "silhouette on the bank.",
            "caption": "The Tigris in central Baghdad at sunset.",
            "credit": "Newsroom/Lana Yousif",
            "photographer": "Lana Yousif",
        },
    },
    {
        "slug": "erbil-grid-electricity-hours-to-rise",
        "section": "kurdistan",
        "headline": "Grid electricity hours to rise in Erbil, ministry says",
        "standfirst": (
            "Homes should receive up to twenty hours of grid power a day once a new "
            "transmission line is connected."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "authors": ("rawaz-omer",),
        "tags": ("energy",),
        "status": "draft",
        "body": (
            "Households in Erbil should receive up to twenty hours a day of electricity from "
            "the public grid once a new high-voltage line from a gas-fired power station is "
            "connected, the regional electricity ministry said on {day}.",
            "Most families in the city rely on neighbourhood generators to fill the hours "
            "when the grid is off, paying by the ampere each month. Generator owners have "
            "said they would lower their prices if the grid supplied more hours.",
            "[Waiting for comment from the generator owners’ association. Check the line’s "
            "capacity with the ministry before publishing.]",
        ),
    },
    {
        "slug": "erbil-gold-sellers-quiet-trade-record-price",
        "section": "business",
        "headline": "Erbil’s gold sellers report quiet trade as prices hit a record",
        "standfirst": (
            "Jewellers in the Qaysari bazaar say more customers are selling old pieces than "
            "buying new ones."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "authors": ("karwan-hamid",),
        "tags": ("economy",),
        "status": "draft",
        "body": (
            "Jewellers in Erbil’s Qaysari bazaar say trade has slowed to a trickle as the "
            "price of gold has climbed to a record, with more customers coming in to sell old "
            "bracelets and coins than to buy.",
            "“A wedding set that cost a family two thousand dollars three years ago now "
            "costs almost double,” said Hussein Aziz, whose family has sold jewellery in "
            "the bazaar for three generations. “People still marry, but they buy less, "
            "or they buy lighter pieces.”",
            "[Add the latest price per mithqal from the goldsmiths’ union.]",
        ),
        "photo": {
            "scene": "city",
            "light": "dusk",
            "alt_text": "Domes, a minaret and flat rooftops in silhouette against a golden "
            "evening sky.",
            "caption": "Evening over the old market district below Erbil citadel.",
            "credit": "Newsroom/Karwan Hamid",
            "photographer": "Karwan Hamid",
        },
    },
)
