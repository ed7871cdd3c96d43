"""Realistic profiles where people would agree which coach suits the client best, for
test_meaning.py. Each case: the client's interests and hopes, three or four coaches (interests,
and their line about their experience), and the coach most people would pick.

Written to be hard in the ways real profiles are: near-misses (a coach who shares one thing
against one who shares the point), different words for the same thing (sparring and boxing),
and everyday words everyone shares ("work", "family", "people") on the wrong coach."""

CASES = [
    {
        "name": "the issue's example",
        "client": ("sparring at the gym, walking my puppy, fixing up furniture", ""),
        "coaches": {
            "Grace": ("choir, hair and beauty, swimming", ""),
            "Dean": ("boxing, dogs, DIY", ""),
        },
        "best": "Dean",
    },
    {
        "name": "football by another name",
        "client": ("watching Man City, five-a-side on Thursdays", ""),
        "coaches": {
            "Priya": ("knitting, baking bread", ""),
            "Tom": ("football, going to the match", ""),
            "Ann": ("crosswords, work", ""),
        },
        "best": "Tom",
    },
    {
        "name": "allotment and growing vegetables",
        "client": ("my allotment, growing tomatoes", "get my head straight after losing my job"),
        "coaches": {
            "Sue": ("gardening, growing vegetables", "I lost my job at 50 and my allotment kept me going"),
            "Mark": ("video games, fantasy novels", "I was made redundant from the warehouse"),
            "Jo": ("running, cycling", ""),
        },
        "best": "Sue",
    },
    {
        "name": "work is not an interest",
        "client": ("work, fishing, family", ""),
        "coaches": {
            "Ray": ("work, family, people", ""),
            "Pete": ("sea angling, canal walks", ""),
            "Lisa": ("salsa dancing, cooking", ""),
        },
        "best": "Pete",
    },
    {
        "name": "crafts",
        "client": ("crochet, sewing my own clothes", ""),
        "coaches": {
            "Kim": ("knitting, quilting", ""),
            "Dave": ("darts, snooker", ""),
            "Nadia": ("working out, protein shakes", ""),
        },
        "best": "Kim",
    },
    {
        "name": "music making",
        "client": ("playing guitar, writing songs", ""),
        "coaches": {
            "Ben": ("drums in a band, open mic nights", ""),
            "Carol": ("bird watching, photography", ""),
            "Steve": ("rugby, the pub quiz", ""),
        },
        "best": "Ben",
    },
    {
        "name": "cooking near-miss with eating out",
        "client": ("cooking curries from scratch, trying new recipes", ""),
        "coaches": {
            "Meera": ("baking, making big family meals", ""),
            "Gary": ("car boot sales, antiques", ""),
            "Leon": ("gym, boxing", ""),
        },
        "best": "Meera",
    },
    {
        "name": "hopes met by experience: debt",
        "client": ("reading", "sort out my debts and stop the bailiff letters"),
        "coaches": {
            "Helen": ("reading, films", "I had bailiffs at the door and cleared £9,000 of debt"),
            "Amir": ("reading, chess", "I became a dad young and learned to budget for a family"),
            "Rose": ("gardening", "I retired from teaching last year"),
        },
        "best": "Helen",
    },
    {
        "name": "hopes: back to work, the wrong coach also says work",
        "client": ("films", "get back into work after being off sick"),
        "coaches": {
            "Olu": ("films", "I love my work as a hairdresser"),
            "Janet": ("films", "after two years off with depression I went back to work part time"),
            "Phil": ("films", "I have run a market stall for twenty years"),
        },
        "best": "Janet",
    },
    {
        "name": "dogs",
        "client": ("my two Staffies, long walks", ""),
        "coaches": {
            "Mo": ("dog training, hiking", ""),
            "Eve": ("theatre, opera", ""),
            "Lee": ("computers, coding", ""),
        },
        "best": "Mo",
    },
    {
        "name": "faith",
        "client": ("church, gospel choir", ""),
        "coaches": {
            "Grace": ("singing in the church choir, Bible study", ""),
            "Sam": ("heavy metal, tattoos", ""),
            "Wes": ("work, people", ""),
        },
        "best": "Grace",
    },
    {
        "name": "recovery",
        "client": ("boxing", "stay off the drink and rebuild things with my kids"),
        "coaches": {
            "Colin": ("boxing, weights", "I've been sober for six years and see my children every week"),
            "Tariq": ("boxing, football", "I set up my own plastering business"),
            "Marie": ("yoga", "I care for my mum"),
        },
        "best": "Colin",
    },
    {
        "name": "fishing vs fish and chips",
        "client": ("carp fishing, camping", ""),
        "coaches": {
            "Ian": ("angling, wild camping", ""),
            "Bev": ("the chippy on Fridays, bingo", ""),
            "Raj": ("cricket, cooking", ""),
        },
        "best": "Ian",
    },
    {
        "name": "cars",
        "client": ("fixing cars, motorbikes", ""),
        "coaches": {
            "Kev": ("restoring old motorbikes, car mechanics", ""),
            "Lou": ("poetry, art galleries", ""),
            "Jen": ("horse riding", ""),
        },
        "best": "Kev",
    },
    {
        "name": "gaming",
        "client": ("PlayStation, FIFA online", ""),
        "coaches": {
            "Zac": ("video games, Xbox", ""),
            "Pat": ("lawn bowls, ballroom dancing", ""),
            "Nina": ("volunteering at work, people", ""),
        },
        "best": "Zac",
    },
    {
        "name": "art",
        "client": ("painting watercolours, drawing", ""),
        "coaches": {
            "Ivy": ("sketching, art classes", ""),
            "Rob": ("weightlifting", ""),
            "Del": ("darts, pool", ""),
        },
        "best": "Ivy",
    },
    {
        "name": "near-miss: running and walking",
        "client": ("running, half marathons", ""),
        "coaches": {
            "Alan": ("parkrun, jogging with my club", ""),
            "Sheila": ("gentle walks in the park", ""),
            "Fred": ("model railways", ""),
        },
        "best": "Alan",
    },
    {
        "name": "near-miss: singing and listening",
        "client": ("singing karaoke, musicals", ""),
        "coaches": {
            "Tina": ("amateur dramatics, singing in a choir", ""),
            "Paul": ("listening to the radio", ""),
            "Gail": ("swimming, aqua aerobics", ""),
        },
        "best": "Tina",
    },
    {
        "name": "cycling",
        "client": ("mountain biking, fixing bikes", ""),
        "coaches": {
            "Owen": ("cycling, bike maintenance", ""),
            "Ruth": ("knitting", ""),
            "Vic": ("motor racing on TV", ""),
        },
        "best": "Owen",
    },
    {
        "name": "reading",
        "client": ("crime novels, the library", ""),
        "coaches": {
            "Beth": ("reading thrillers, my book club", ""),
            "Andy": ("rugby league", ""),
            "Cath": ("dancing", ""),
        },
        "best": "Beth",
    },
    {
        "name": "hopes: a home of my own",
        "client": ("TV", "find somewhere stable to live after sofa surfing"),
        "coaches": {
            "Kaz": ("TV", "I was homeless for a year before I got my flat"),
            "Dan": ("TV", "I work in a bank"),
            "Liz": ("TV", "I raised three kids on my own"),
        },
        "best": "Kaz",
    },
    {
        "name": "hopes: confidence with money",
        "client": ("baking", "learn to budget so I am not skint before payday"),
        "coaches": {
            "Pam": ("baking", "I used to run out of money every month until I learned to budget"),
            "Jon": ("baking", "I travelled around Asia for a year"),
            "Uma": ("baking", "I trained as a nurse later in life"),
        },
        "best": "Pam",
    },
    {
        "name": "hopes: the wrong coach repeats everyday words",
        "client": ("cooking", "find a job and feel good about myself again"),
        "coaches": {
            "Ted": ("cooking", "I feel good about my family and my home"),
            "Asha": ("cooking", "I was unemployed for two years and then got taken on at a school"),
            "Bill": ("cooking", "I like fishing at weekends"),
        },
        "best": "Asha",
    },
    {
        "name": "nature",
        "client": ("bird watching, nature walks", ""),
        "coaches": {
            "Harry": ("wildlife photography, the RSPB", ""),
            "Stacey": ("nail art, fashion", ""),
            "Vince": ("pub quizzes", ""),
        },
        "best": "Harry",
    },
    {
        "name": "family things are everyday",
        "client": ("my grandchildren, family, bingo", ""),
        "coaches": {
            "Joan": ("bingo nights, looking after my grandkids", ""),
            "Luke": ("family, friends, work", ""),
            "Pav": ("climbing, surfing", ""),
        },
        "best": "Joan",
    },
    {
        "name": "martial arts",
        "client": ("karate, kickboxing", ""),
        "coaches": {
            "Jay": ("judo, MMA", ""),
            "Flo": ("baking cakes, cross-stitch", ""),
            "Ken": ("golf", ""),
        },
        "best": "Jay",
    },
    {
        "name": "history",
        "client": ("local history, old buildings", ""),
        "coaches": {
            "Norm": ("museums, family history research", ""),
            "Kylie": ("clubbing, make-up", ""),
            "Ash": ("football", ""),
        },
        "best": "Norm",
    },
    {
        "name": "swimming",
        "client": ("swimming at the leisure centre, sea swimming", ""),
        "coaches": {
            "Dawn": ("open water swimming, triathlons", ""),
            "Gav": ("DIY, woodwork", ""),
            "Ali": ("cars", ""),
        },
        "best": "Dawn",
    },
    {
        "name": "woodwork near-miss with DIY and decorating",
        "client": ("woodturning, making furniture", ""),
        "coaches": {
            "Roy": ("carpentry, restoring old chairs", ""),
            "Mandy": ("interior design magazines", ""),
            "Tony": ("darts", ""),
        },
        "best": "Roy",
    },
    {
        "name": "pets",
        "client": ("my cats, volunteering at the animal rescue", ""),
        "coaches": {
            "Lyn": ("looking after rescue animals, my kittens", ""),
            "Stu": ("rock climbing", ""),
            "Bob": ("people, work, home", ""),
        },
        "best": "Lyn",
    },
    {
        "name": "hopes: anxiety",
        "client": ("walking", "get out of the house more without panicking"),
        "coaches": {
            "Ros": ("walking", "I had panic attacks for years and found ways to go out again"),
            "Neil": ("walking", "I moved house four times in two years"),
            "Hayley": ("walking", "I love my job in the house building trade"),
        },
        "best": "Ros",
    },
    {
        "name": "hopes: studying",
        "client": ("quizzes", "go back to college and get my maths GCSE"),
        "coaches": {
            "Sal": ("quizzes", "I left school with nothing and got my qualifications at 35"),
            "Geoff": ("quizzes", "I drove buses for thirty years"),
            "Rita": ("quizzes", "I go back to Jamaica every summer"),
        },
        "best": "Sal",
    },
    {
        "name": "dancing",
        "client": ("Zumba, line dancing", ""),
        "coaches": {
            "Mel": ("salsa classes, dance fitness", ""),
            "Frank": ("chess", ""),
            "Bryn": ("fishing", ""),
        },
        "best": "Mel",
    },
    {
        "name": "tech",
        "client": ("building computers, learning to code", ""),
        "coaches": {
            "Dev": ("programming, gadgets", ""),
            "Moira": ("knitting", ""),
            "Kath": ("gardening, work", ""),
        },
        "best": "Dev",
    },
    {
        "name": "film",
        "client": ("horror films, going to the cinema", ""),
        "coaches": {
            "Ella": ("watching movies, Netflix box sets", ""),
            "Ron": ("fly fishing", ""),
            "Sid": ("tennis", ""),
        },
        "best": "Ella",
    },
    {
        "name": "cricket against football",
        "client": ("cricket, watching the Test match", ""),
        "coaches": {
            "Imran": ("playing cricket for my local club", ""),
            "Wayne": ("knitting, sewing", ""),
            "Kerry": ("shopping, nights out", ""),
        },
        "best": "Imran",
    },
    {
        "name": "hopes: being a better parent",
        "client": ("park runs", "be a calmer mum for my two boys"),
        "coaches": {
            "Tash": ("park runs", "I brought up two sons on my own and learned to keep my cool"),
            "Greg": ("park runs", "I run a small taxi firm"),
            "Ola": ("park runs", "I came to the UK ten years ago"),
        },
        "best": "Tash",
    },
    {
        "name": "hopes: leaving prison",
        "client": ("gym", "stay out of trouble now I'm out of prison"),
        "coaches": {
            "Lenny": ("gym", "I served four years and have stayed out for ten"),
            "Zoe": ("gym", "I work at the job centre"),
            "Matt": ("gym", "I was in the army for twelve years"),
        },
        "best": "Lenny",
    },
    {
        "name": "photography",
        "client": ("taking photos on my phone, Instagram", ""),
        "coaches": {
            "Abby": ("photography, editing pictures", ""),
            "Clive": ("bowls", ""),
            "Des": ("sailing", ""),
        },
        "best": "Abby",
    },
    {
        "name": "baking near-miss with cooking",
        "client": ("baking cakes, decorating cupcakes", ""),
        "coaches": {
            "Fay": ("cake decorating, Bake Off", ""),
            "Hugh": ("cooking Sunday roasts", ""),
            "Ivan": ("snooker", ""),
        },
        "best": "Fay",
    },
    {
        "name": "horses",
        "client": ("horse riding, mucking out at the stables", ""),
        "coaches": {
            "Pippa": ("ponies, equestrian shows", ""),
            "Dom": ("boxing", ""),
            "Gwen": ("crafts", ""),
        },
        "best": "Pippa",
    },
    {
        "name": "volunteering",
        "client": ("volunteering at the food bank, helping neighbours", ""),
        "coaches": {
            "Maggie": ("charity work at the community centre", ""),
            "Leroy": ("basketball", ""),
            "Tess": ("tanning, fashion", ""),
        },
        "best": "Maggie",
    },
    {
        "name": "the word work on two coaches",
        "client": ("work, metal detecting, rugby", "get a job"),
        "coaches": {
            "Chris": ("work, work, work", "I work hard"),
            "Gordon": ("rugby union, detecting on the beach", "I was made redundant and found a new job"),
            "Yvonne": ("pilates", "I moved here from Wales"),
        },
        "best": "Gordon",
    },
    {
        "name": "hopes: grief",
        "client": ("reading", "cope with losing my husband"),
        "coaches": {
            "Brenda": ("reading", "I was widowed at fifty and slowly found my feet"),
            "Kyle": ("reading", "I lost my driving licence for a year"),
            "Anita": ("reading", "I changed careers twice"),
        },
        "best": "Brenda",
    },
    {
        "name": "outdoors",
        "client": ("hill walking, the Peak District", ""),
        "coaches": {
            "Ewan": ("fell walking, climbing mountains", ""),
            "Roxy": ("bars and clubs", ""),
            "Norman": ("stamp collecting", ""),
        },
        "best": "Ewan",
    },
]
