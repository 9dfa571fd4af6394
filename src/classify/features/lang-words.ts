/**
 * Word lists for the language detector: per language, its most frequent function words plus the
 * words chat messages open with (greetings, thanks, please, question words, "translate",
 * "summarize"). A word may sit in several lists; the detector counts a hit for each. Written from
 * general knowledge of each language's frequency lists, not fitted to our fixtures.
 */

/**
 * Latin-script languages the router's rules are likely to name, English first: on a tie the
 * earlier language wins.
 */
export const LATIN_COMMON_WORDS: Readonly<Record<string, string>> = {
  en: `the be to of and cannot a in that have I it for not on with he as you do at this but his by from they
    we her she or an will my all would there their what so up out if about who get which go me when
    make can like no just him know take into your some could them see other than then now only come
    its over think also use how our us well even new want because any these those give most is are
    was were been has had does did should may might must very here more much many thanks thank
    please hi hello yes why where help need write explain summarize summarise translate english good
    morning don't doesn't didn't can't won't isn't i'm i've i'll it's that's what's there's let's
    you're we're they're 
    one two first next last time way day year people thing back after before again still never always
    too off down each every same another own such both few sure really actually maybe something
    anything nothing someone got going doing made said told asked tried found used using works gave
    show tell find keep let put try call ask seem feel looking needs wants trying`,
  de: `der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an
    werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war
    haben nur oder aber vor zur bis mehr durch man kann ich mir mich mein meine bitte danke dank
    vielen hallo guten morgen tag was warum wo wer wann welche können kannst du wir ihr habe ja nein
    gibt sehr diese dieser dieses hier wenn weil doch schon kein keine übersetze fasse zusammen
    deutsch englisch bedeutet wieviel viel
    machen macht mache gemacht gehen geht gut genau gerne möchte möchten brauche brauchen weiß wissen soll sollte muss müssen will wurde wurden geben`,
  fr: `de la le et les des en un du une que est pour qui dans a par plus pas au sur ne se ce il sont
    avec ou son mais nous vous je elle on leur comme été cette aux tout y mon ma mes votre vos ton
    bonjour merci beaucoup salut bonsoir pourquoi comment quoi quel quelle où quand peux pouvez
    faire suis ai avez avoir être plaît très moi ça c'est j'ai qu'il qu'est-ce l' d' j' c' qu' n'
    s' m' résume traduis traduire français anglais voudrais combien
    fait faire fais veux besoin sais savoir dois doit peut aller va vais bien aussi donc alors`,
  es: `de la que el en y a los se del las un por con no una su para es al lo como más o~ pero sus le
    ha me si sin sobre este ya entre cuando todo esta ser son dos también fue había era muy hasta
    desde está mi porque qué cómo dónde cuándo cuál puedo puede hola gracias muchas buenos buenas
    días tardes noches favor quiero necesito tengo estoy usted tu te yo nos hay eso esto mis resume
    traduce español inglés cuánto cuánta cuanto
    hacer hace hago sé saber debo puedes ir voy va bien entonces`,
  pt: `de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele
    das tem à seu sua ou ser quando muito há nos já está eu também só pelo pela até isso ela entre
    era depois sem mesmo aos ter seus quem nas me esse eles estão você vocês minha meu obrigado
    obrigada olá bom boa dia tarde noite favor posso pode preciso quero onde porque qual este esta
    isto aqui tudo faço resuma traduza português inglês quanto quanta
    fazer faz sei saber devo ir vou vai bem então`,
  it: `di e il la che è per un in a non una sono si le i da con del della lo al ma come anche più
    se ho mi ci ti gli dei nel nella questo questa cosa perché dove quando quale grazie ciao
    buongiorno buonasera tutti posso puoi può vorrei sei molto mio mia suo sua io tu noi voi essere
    fare stato hai ha alla delle degli sul sulla ne c'è mille tutto allora ecco l' un' dell' all'
    nell' riassumi traduci italiano inglese spieghi quanto quanta
    fare fa faccio voglio bisogno so sapere devo deve andare vado va bene quindi`,
  nl: `de en van het een in is dat op te zijn voor met die niet aan er om ook als bij of door maar
    naar uit dan worden nog wordt ze was heeft hij ik je jij u we wij mijn hoe wat waarom waar wie
    wanneer kan kunt kunnen wil graag dank bedankt hallo goedemorgen goedendag alstublieft
    alsjeblieft dit deze geen hebben heb al nu zo veel meer goed allemaal welke mij mee vat vertaal
    nederlands engels hoeveel
    maken maakt doe doen gaan gaat weet weten moet moeten zou zal willen nodig`,
  sv: `och i att det som en på är av för med till den har de inte om ett han men var jag sig från
    vi så kan man när år hon under också efter eller nu sin där vid mot ska skulle hur vad varför
    vem min mitt mina du dig mig tack hej god morgon snälla mycket här detta finns bara vill ingen
    inga alla sammanfatta översätt svenska engelska
    göra gör vet veta måste behöver kunna bra`,
  da: `og i at det er en til på af for med som den de har ikke et om han der vi jeg var men kan sig
    fra så man også efter eller hun nu skal vil ved hvor hvad hvorfor hvem hvordan min mit mine du
    dig mig tak hej godmorgen god morgen meget her dette denne bare være blive noget ingen alle når
    hvis havde blev oversæt dansk engelsk
    gøre gør ved vide må behøver godt ud uden bruge nogen mellem give giver end`,
  no: `og i det er en til på av for med som den de har ikke et om han der vi jeg var men kan seg fra
    så man også etter eller hun nå skal vil ved hvor hva hvorfor hvem hvordan min mitt mine du deg
    meg takk hei god morgen mye her dette denne bare være bli noe ingen alle når hvis hadde ble å
    oversett norsk engelsk
    gjøre gjør vet vite må trenger godt ut uten bruke noen mellom gi gir enn`,
  pl: `w i na z się nie do to że a o jak ale po co jest tak za od jego przez dla już jej czy tylko są
    ich był może być bardzo jestem mam mi mnie ja ty my wy on ona dzień dobry dziękuję dzięki proszę
    cześć gdzie dlaczego kiedy który która które jaki ten ta te tego tym ze we można chcę mój moja
    moje oraz przetłumacz streść polsku angielski ile
    robić zrobić mogę możesz wiem muszę trzeba potrzebuję dobrze więc`,
  cs: `a v se na je že s z o do to i k ve jsem jako pro ale by jak tak za jeho od po které který
    která není jsou být bylo byl také už jen nebo když co proč kde kdy prosím děkuji díky dobrý den
    ahoj mám můj moje mi mě mně já ty my vy tento tato toto tady velmi může chci přelož shrň česky
    anglicky kolik
    dělat udělat můžeš vím musím potřebuji dobře`,
  tr: `bir ve bu da de için ile çok ne o gibi daha en ama var yok olan olarak ben sen biz siz onlar
    mi mı mu mü nasıl neden niçin nerede zaman kim hangi merhaba teşekkür teşekkürler ederim lütfen
    günaydın iyi evet hayır değil kadar sonra önce şey her bana beni benim bunu şu ise ya veya çünkü
    yardım istiyorum çevir özetle türkçe ingilizce kaç
    yapmak yap biliyor bilmiyorum lazım gerek`,
  id: `yang dan di ini itu dengan untuk tidak dari dalam akan pada juga saya ke ada bisa kami kita
    anda mereka ia dia sudah atau tersebut oleh karena seperti bagaimana apa mengapa kenapa mana
    kapan siapa tolong terima kasih selamat pagi halo apakah mau ingin saja lebih sangat adalah
    harus belum jika kalau tapi tetapi aku kamu terjemahkan ringkas bahasa inggris berapa
    membuat buat tahu perlu butuh baik`,
  ro: `și de în a la cu pe să nu că o un din care pentru este sunt mai ce se al ale lui sau dar fost
    au ca cum când unde cine vă rog mulțumesc mulțumim bună ziua dimineața salut eu tu noi voi el ea
    meu mea foarte acest această aici pot poți vreau am ai are avem doar tot după traduce rezumă
    română engleză cât câte
    face fac știu trebuie bine`,
  hu: `a az és hogy nem is egy van meg de csak el ez azt már mint vagy még kell ha volt lesz mi ki
    mit miért hol hogyan mikor melyik köszönöm köszi szia jó napot reggelt kérem kérlek én te ő ti
    ők nagyon ezt itt lehet szeretném szeretnék segíts minden nincs után között által fordítsd
    magyarul angolul mennyi mennyibe
    csinál tudom tudni akarok jól`,
  fi: `ja on ei se että oli kun mutta hän myös tai ovat ole niin kuin mitä jos minä sinä me te he mikä
    miksi missä milloin kuka miten kiitos hei moi huomenta hyvää päivää voitko voit haluan tämä
    tämän tässä sen siitä vain jo nyt vielä paljon kaikki olen olet minun sinun voi pitää kanssa
    käännä tiivistä suomeksi englanniksi paljonko kuinka
    tehdä tiedän täytyy hyvin`,
  vi: `và của là có không được cho trong một những các với này đã người để khi đến từ ra như thì về
    cũng tôi bạn anh chị em chúng ta họ gì sao tại đâu nào làm xin chào cảm ơn vui lòng giúp muốn
    cần rất nhiều đó đây vậy nhé ạ nếu nhưng hay hoặc dịch tóm tắt tiếng bao nhiêu
    biết phải nên tốt`,
};

/**
 * Less common Latin-script languages: they win only with a clear margin over the common ones
 * (Afrikaans shares "die", "is", "my" with English and Dutch).
 */
export const LATIN_OTHER_WORDS: Readonly<Record<string, string>> = {
  sk: `a v sa na je že s z o do to ako pre ale by tak za jeho od po ktoré ktorý ktorá nie sú byť bolo
    bol aj už len alebo keď čo prečo kde kedy prosím ďakujem dobrý deň ahoj mám môj moje mi ma mňa
    ja ty my vy tento táto toto tu veľmi môže chcem prelož slovensky koľko`,
  hr: `i je u na se da za su od s a o što koji kao iz ne će to sa ali po biti bio ili sam smo ste
    kako zašto gdje kada tko molim hvala dobar dan bok zdravo moj moja mi ja ti vi on ona ovo ovaj
    vrlo može želim imam nije jer još samo već prevedi hrvatski koliko`,
  sl: `in je v na se da za so od s z o ki kot iz ne bo to ali po biti bil sem smo ste kako zakaj kje
    kdaj kdo prosim hvala dober dan živjo moj moja mi jaz ti vi on ona to ta zelo lahko želim imam
    ni ker še samo že prevedi slovensko koliko`,
  ca: `de la i a que el les en per un una del amb no es els al com més o però seu seva ha són és va
    aquest aquesta també molt jo tu ell ella nosaltres si quan on perquè què hola gràcies bon dia
    plau puc pot vull necessito tinc estic meu meva fer ser està hi ho ja tot tradueix català quant quanta`,
  et: `ja on ei see et oli kui aga ta ka või nad ole nii mis kes miks kus millal kuidas aitäh tere
    palun mina sina meie teie tema seda see selle siin ainult juba nüüd veel palju kõik olen oled
    minu sinu saab tõlgi eesti palju`,
  af: `die en van in is het nie te dat op vir met wat sy om hy as word was ek jy ons julle hulle kan
    moet sal nog ook maar baie dankie asseblief hallo goeie môre hoe waarom waar wanneer hierdie my
    geen al dit vertaal`,
  gl: `de a o que e do da en un unha para é con non os no se na por máis as dos como pero foi ao el
    das ten súa seu ou ser cando moi hai xa está eu tamén só ata iso ela entre sen mesmo ter quen
    nas me este esta grazas ola bo bos días favor podo pode quero onde porque cal aquí todo`,
  eu: `eta da ez du bat ere baina edo dira zen dute izan behar hau hori hura nire zure gure bere
    nola zergatik non noiz nor zer eskerrik asko kaixo egun on mesedez bai ez oso gehiago orain
    beste guztiak hemen itzuli`,
  lt: `ir yra kad su į iš ne kaip bet tai jis ji jie aš tu mes jūs buvo bus o ar kur kodėl kada kas
    kuris labai ačiū prašau labas laba diena sveiki mano tavo jo jos čia dabar tik dar taip nėra
    gali noriu išversk`,
  lv: `un ir ka ar uz no par kā bet tas tā viņš viņa viņi es tu mēs jūs bija būs vai kur kāpēc kad
    kas kurš ļoti paldies lūdzu sveiki labdien mans tavs viņa šeit tagad tikai vēl jā nē nav var
    gribu iztulko`,
  ga: `an na agus is ar a i le go de ní bhí sé sí siad mé tú muid sibh tá bhfuil níl ach nó seo sin
    conas cén cad cathain cá go raibh maith agat dia duit le do thoil mo do ár bhur aistrigh`,
  cy: `y yr a ac yn i o ar ei mae roedd bod gyda am ond neu hyn hynny fi ti ni chi nhw sut pam ble
    pryd pwy beth diolch os gwelwch dda helo bore da fy dy ein eich yma nawr hefyd cyfieithu`,
  is: `og að í á er sem um það ekki við var hann hún þeir ég þú við þið til með af en eða þetta
    hvernig hvers vegna hvar hvenær hver hvað takk fyrir gjörðu svo vel halló góðan daginn minn
    mín hér núna líka bara þýddu`,
  sq: `dhe të në e që një për me nga është janë nuk si por ose ky kjo ai ajo ata unë ti ne ju ishte
    do si pse ku kur kush çfarë faleminderit ju lutem përshëndetje mirëdita im ime këtu tani vetëm
    shumë përkthe`,
  eo: `la kaj de en al estas ne por kun ke mi vi li ŝi ni ili sed aŭ tio ĉi tiu kiel kial kie kiam
    kiu kio dankon bonvolu saluton bonan tagon mia via estis estos povas volas tre nur ankaŭ traduku`,
  ms: `yang dan di ini itu dengan untuk tidak dari dalam akan pada juga saya ke ada boleh kami kita
    anda mereka ia dia sudah atau tersebut oleh kerana seperti bagaimana apa mengapa kenapa bila
    siapa tolong terima kasih selamat pagi apakah mahu ingin sahaja lebih sangat ialah adalah
    perlu belum jika kalau tetapi aku kamu awak terjemahkan bahasa`,
  sw: `na ya wa kwa ni katika za la hii kuwa au lakini kama hiyo yake hizo mimi wewe yeye sisi ninyi
    wao nini kwa nini wapi lini nani asante tafadhali habari jambo sana hapa sasa tu pia kutoka
    naomba nataka tafsiri`,
  tl: `ang ng sa na mga at ay si ko mo ito siya kami tayo kayo sila hindi para may ano bakit saan
    kailan sino paano salamat po pakiusap kumusta magandang umaga ako ikaw rin din lang dito
    ngayon gusto isalin`,
  az: `və bu bir də ki ilə üçün çox nə o kimi daha amma var yox olan mən sən biz siz onlar necə niyə
    harada nə vaxt kim hansı salam təşəkkür edirəm zəhmət olmasa sabahınız xeyir bəli xeyr deyil
    sonra əvvəl mənə məni mənim tərcümə`,
};

/**
 * Letters that point to a few Latin-script languages. Acute accents (é, á, í, ó, ú) are left out:
 * too many languages use them, and English borrows them (café, résumé).
 */
export const LATIN_HINTS: Readonly<Record<string, string>> = {
  de: "ßäöü",
  fr: "çèêîùœàâ",
  es: "ñ¿¡",
  pt: "ãõçâêàô",
  it: "èìòùà",
  sv: "åäö",
  da: "åæø",
  no: "åæø",
  pl: "łąęśźżńć",
  cs: "řěůčšžď",
  sk: "ľĺŕôäčšžď",
  hr: "čćđšž",
  sl: "čšž",
  ro: "ăâîșțşţ",
  ca: "çèòà",
  hu: "őűöü",
  fi: "äö",
  et: "õäöüšž",
  tr: "ğışçöüİ",
  af: "êôë",
  gl: "ñ",
  lt: "ąčęėįšųūž",
  lv: "āčēģīķļņšūž",
  ga: "",
  cy: "ŵŷ",
  is: "þðæö",
  sq: "ëç",
  eo: "ĉĝĥĵŝŭ",
  az: "əğıçöüş",
  vi: "ăâđêôơưàèìòùạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
};

/**
 * Word endings typical of a language's nouns, adjectives and verb forms: they speak for content
 * words that no list holds ("Dateiverwaltung", "inesperado"), a third of a point each.
 */
export const LATIN_SUFFIXES: Readonly<Record<string, string>> = {
  en: "ing ings ness ould ght ity ies tion tions ment ments ly",
  de: "ung ungen keit heit lich isch chen ieren iert tes ten erung cht",
  fr: "tion tions ment eux euse aux ée ées ait aient ique ez",
  es: "ción ciones mente ado ados ada adas idad dad ido ida ando iendo",
  pt: "ção ções mente ado ados ada adas idade dade ões ão ndo ível ável",
  it: "zione zioni mente ato ati ata ità etto ando are ere ire",
  nl: "heid lijk lijke tje ijk ijn cht eren",
  sv: "ning ningen heten arna orna erna ligt lig",
  da: "ning hed else ende lige ige",
  no: "ning het else ende lige ige",
  pl: "ość ości ych ów ać ić cja cji nie anie enie",
  cs: "ní ost ého ých ovat ují ení ání",
  sk: "ovať ých ého ení ania",
  hr: "ati iti ije nje anje",
  sl: "ati iti ije nje anje",
  ro: "ție ții ului ilor ează ați ește",
  ca: "ció cions ment ats ada",
  hu: "ség ság ban ben nak nek ból ből tól hoz val vel ása ése",
  fi: "ssa ssä lla llä sta stä tta ttä ksi nen aan ään ista inen",
  et: "mine tud dud akse tav seks ise",
  tr: "lar ler lık lik dır dir mak mek yor ları leri ını ini nin nın nun nün maz mez",
  id: "kan nya",
  ms: "kan nya",
};

/** Cyrillic-script languages, Russian first: on a tie, or with no evidence, Russian wins. */
export const CYRILLIC_WORDS: Readonly<Record<string, string>> = {
  ru: `и в не на я что он с как это по но к у из за вы мы так же от бы для был её его уже или ещё
    только мне меня мой моя когда где почему как какой который пожалуйста спасибо здравствуйте привет
    можно нужно есть нет очень вот если чтобы переведи объясни кратко`,
  uk: `і в не на я що він з як це по але до у із за ви ми так же від би для був її його вже або ще
    тільки мені мене мій моя коли де чому який яка які будь ласка дякую привіт вітаю можна потрібно
    є немає дуже ось якщо щоб переклади поясни ранку добрий вечора`,
  bg: `и в не на аз че той с как това по но към у от за вие ние така се да е са бе бил нея него вече
    или още само мен мой моя когато къде защо какво който която моля благодаря здравей здравейте
    може трябва има няма много ако ще със във преведи обясни`,
  sr: `и у не на ја да је са као то по али ка од за ви ми тако се из би био њу њега већ или још само
    мени мој моја када где зашто шта који која молим хвала здраво може треба има нема веома ако ће
    преведи објасни`,
  mk: `и во не на јас дека тој со како тоа по но кон од за вие ние така се да е се беше неа него веќе
    или уште само мене мој моја кога каде зошто што кој која ве молам благодарам здраво може треба
    има нема многу ако ќе преведи објасни`,
  be: `і ў не на я што ён з як гэта па але да у за вы мы так ад бы для быў яе яго ўжо або яшчэ толькі
    мне мяне мой мая калі дзе чаму які якая калі ласка дзякуй прывітанне можна трэба ёсць няма вельмі
    вось калі каб`,
  tg: `ва дар бо аз ин ки он барои як мо шумо ман ту вай онҳо чӣ чаро куҷо кай кӣ ташаккур лутфан салом
    хуб не ҳа ҳам бисёр`,
  mn: `болон энэ тэр нь юм бол гэж байна байгаа гэсэн би чи бид та тэд юу яагаад хаана хэзээ хэн
    баярлалаа сайн уу маш`,
  kk: `және мен бұл да де үшін бір не ол сен біз сіз олар қалай неге қайда қашан кім қандай сәлем
    сәлеметсіз рахмет өтінемін жоқ бар иә емес өте мүмкін керек`,
};

/**
 * Accented letters that many languages use but English hardly does: a quarter point each, enough to
 * break a tie with English ("Red no alcanzable"), too little to decide alone (a "café" in English).
 */
export const LATIN_WEAK_HINTS: Readonly<Record<string, string>> = {
  fr: "éëï",
  nl: "ëï",
  es: "áéíóú",
  pt: "áéíóú",
  it: "éó",
  ca: "éíóúï",
  cs: "áéíóúý",
  sk: "áéíóúý",
  pl: "ó",
  hu: "áéíóú",
  ga: "áéíóú",
  is: "áéíóúý",
  vi: "áéíóúý",
  gl: "áéíóú",
  af: "é",
  cy: "áé",
};

/** Cyrillic endings: Ukrainian -ння/-ість/-ати against Russian -ние/-ость/-ать, … */
export const CYRILLIC_SUFFIXES: Readonly<Record<string, string>> = {
  ru: "ние ния ость ости ый ых ать ять ить еть",
  uk: "ння ість ості ати яти ити ій ія",
  bg: "ът ата ото ите ция",
};

/** Cyrillic letters that only some of these languages use. */
export const CYRILLIC_HINTS: Readonly<Record<string, string>> = {
  ru: "ыэё",
  uk: "іїєґ",
  bg: "ъ",
  sr: "ђћџљњј",
  mk: "ѓќѕџљњј",
  be: "ўіыэё",
  kk: "әғқңөұүһі",
  tg: "ӣӯҳҷқғ",
  mn: "өү",
};
