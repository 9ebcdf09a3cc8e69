//! Table cases for numbers, one test per row of the category table in the
//! notes (section 4.1). Targets are English unless prefixed `ms:`.

use super::table::check;

#[test]
#[rustfmt::skip]
fn r01_thousands_grouping() {
    check("thousands", &[
        ("Ada 12.000 orang.", "There are 12,000 people.", "cardinal 12000 ok"),
        ("Ada 12.000 orang.", "There are 12.000 people.", "cardinal 12000 ok >12,000"),
        ("Ada 12.000 orang.", "There are twelve thousand people.", "cardinal 12000 ok"),
        ("Ada 12.000 orang.", "There are 12 thousand people.", "cardinal 12000 ok"),
        ("Ada 12.000 orang.", "There are 12000 people.", "cardinal 12000 ok"),
        ("Penduduknya 7.000.000 jiwa.", "Its population is 7,000,000.", "cardinal 7000000 ok"),
        ("Penduduknya 7.000.000 jiwa.", "Its population is 7.000.000.", "cardinal 7000000 ok >7,000,000"),
        ("Ada 13.000 pulau.", "There are 13,000 islands.", "cardinal 13000 ok"),
        ("Ada 12.000 orang.", "There are 1,200 people.", "cardinal 12000 changed/value"),
        ("Ada 12.000 orang.", "There are 12 people.", "cardinal 12000 changed/scale"),
        ("Ada 12.000 orang.", "ms: Terdapat 12.000 orang.", "cardinal 12000 ok >12,000"),
        ("Ada 12.000 orang.", "ms: Terdapat 12,000 orang.", "cardinal 12000 ok"),
        ("Ada 12.000 orang.", "tl: May 12.000 katao.", "cardinal 12000 ok >12,000"),
        ("Ada 12.000 orang.", "de: Es gibt 12.000 Menschen.", "cardinal 12000 ok"),
        ("Inflasi 3,5 persen.", "es: La inflación es del 3,5 %.", "percent 3.5 % ok"),
        ("Ada 12.000 orang.", "de: Es gibt 12 Menschen.", "cardinal 12000 changed/scale"),
        ("Sebanyak 1.234.567 suara.", "A total of 1,234,567 votes.", "cardinal 1234567 ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r02_no_grouping_for_non_quantities() {
    check("non-quantities", &[
        ("Pada tahun 2023 harga naik.", "In 2023 prices rose.", "year 2023 ok"),
        ("Pada tahun 2023 harga naik.", "In the year 2,023 prices rose.", "year 2023 ok >2023"),
        ("Pada tahun 2023 harga naik.", "In the year 2.023 prices rose.", "year 2023 ok >2023"),
        ("Lihat halaman 1305.", "See page 1305.", "identifier 1305 ok"),
        ("Nomor rekening 0015645678.", "Account number 0015645678.", "identifier 0015645678 ok"),
        ("Nomor rekening 0015645678.", "Account number 0015645679.", "identifier 0015645678 changed/value"),
        ("Sejak 1956 ia bekerja.", "Since 1956 he has worked.", "year 1956 ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r03_decimal_comma() {
    check("decimal comma", &[
        ("Tingginya 12,5 m.", "It is 12.5 m tall.", "cardinal 12.5 ok"),
        ("Beratnya 27,3 kg.", "It weighs 27,3 kg.", "cardinal 27.3 ok >27.3"),
        ("Harganya Rp500,50.", "It costs Rp500.50.", "currency 500.5 IDR ok"),
        ("Harganya Rp500,50.", "It costs Rp500,50.", "currency 500.5 IDR ok >500.50"),
        ("Nilainya 0,25.", "Its value is 0.25.", "cardinal 0.25 ok"),
        ("Utang Rp962,501 triliun.", "Debt of Rp962,501 trillion.", "currency 962501000000000 IDR ok >962.501"),
        ("Utang Rp962,501 triliun.", "Debt of Rp962.501 trillion.", "currency 962501000000000 IDR ok"),
        ("Inflasi 3,5 persen.", "Inflation is 3.5 percent.", "percent 3.5 % ok"),
        ("Inflasi 3,5 persen.", "Inflation is 3,5 percent.", "percent 3.5 % ok >3.5"),
        ("Inflasi 5,2 persen.", "Inflation is 52 percent.", "percent 5.2 % changed/value"),
        ("Inflasi 5,2 persen.", "Inflation is 5 percent.", "percent 5.2 % changed/precision"),
        ("Angkanya 1.234.567,89.", "The figure is 1.234.567,89.", "cardinal 1234567.89 ok >1,234,567.89"),
        ("Angkanya 1.234.567,89.", "The figure is 1,234,567.89.", "cardinal 1234567.89 ok"),
        ("Inflasi 3.5 persen.", "Inflation is 3.5 percent.", "percent 3.5 % ok"),
        ("Dana 2.5 juta.", "Funds of 2.5 million.", "cardinal 2500000 ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r04_mixed_digits_and_scale() {
    check("digits+scale", &[
        ("Ada 1,2 juta orang.", "There are 1.2 million people.", "cardinal 1200000 ok"),
        ("Ada 1,2 juta orang.", "There are 1,200,000 people.", "cardinal 1200000 ok"),
        ("Ada 1,2 juta orang.", "There are 12 million people.", "cardinal 1200000 changed/value"),
        ("Ada 1,2 juta orang.", "There are 1.2 billion people.", "cardinal 1200000 changed/scale"),
        ("Ada 1,2 juta orang.", "There are 1,2 million people.", "cardinal 1200000 ok >1.2"),
        ("Biayanya 250 juta rupiah.", "It costs 250 million rupiah.", "currency 250000000 IDR ok"),
        ("Anggaran Rp10 triliun.", "A budget of Rp10 trillion.", "currency 10000000000000 IDR ok"),
        ("Anggaran 15,5 jutanya habis.", "Its 15.5 million was spent.", "cardinal 15500000 ok"),
        ("Nilainya US$221 miliar.", "It is worth $221bn.", "currency 221000000000 USD ok"),
        ("Dana €16 miliar.", "A fund of €16bn.", "currency 16000000000 EUR ok"),
        ("Dana 1,5 triliun.", "ms: Dana 1,5 trilion.", "cardinal 1500000000000 ok >1.5"),
        ("Dana 1,5 triliun.", "ms: Dana 1,5 triliun.", "cardinal 1500000000000 ok >1.5"),
        ("Dana Rp 1,5 triliun.", "ms: Dana Rp 1.5 trilion.", "currency 1500000000000 IDR ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r05_scale_words() {
    check("scale words", &[
        ("Ada 3 ribu orang.", "There are 3 thousand people.", "cardinal 3000 ok"),
        ("Ada 3 ribu orang.", "There are 3,000 people.", "cardinal 3000 ok"),
        ("Dana 2 miliar.", "Funds of 2 billion.", "cardinal 2000000000 ok"),
        ("Dana 2 milyar.", "Funds of 2 billion.", "cardinal 2000000000 ok"),
        ("Dana 4 triliun.", "Funds of 4 trillion.", "cardinal 4000000000000 ok"),
        ("Dana 2 miliar.", "Funds of 2 million.", "cardinal 2000000000 changed/scale"),
        ("Dana 2 miliar.", "ms: Dana 2 bilion.", "cardinal 2000000000 ok"),
        ("Dana 7 juta.", "ms: Dana 7 juta.", "cardinal 7000000 ok"),
        ("Dana 7 juta.", "Funds of 7 juta.", "cardinal 7000000 ok >7 million"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r06_scale_abbreviations() {
    check("abbreviations", &[
        ("Harganya Rp2 M.", "It costs Rp2 billion.", "currency 2000000000 IDR ok"),
        ("Harganya Rp2 M.", "It costs Rp2 M.", "currency 2000000000 IDR ok >2 billion"),
        ("Harganya Rp2 M.", "It costs Rp2 million.", "currency 2000000000 IDR changed/scale"),
        ("Gajinya Rp4,5 jt.", "The salary is Rp4,5 jt.", "currency 4500000 IDR ok >4.5 million"),
        ("Gajinya Rp4,5 jt.", "The salary is Rp4.5 million.", "currency 4500000 IDR ok"),
        ("Harganya Rp50 rb.", "It costs Rp50 rb.", "currency 50000 IDR ok >50,000"),
        ("Harganya Rp50 rb.", "It costs Rp50,000.", "currency 50000 IDR ok"),
        ("Harganya Rp2 M.", "ms: Harganya Rp2 M.", "currency 2000000000 IDR ok >2 bilion"),
        ("Asetnya Rp3 T.", "Its assets are Rp3 trillion.", "currency 3000000000000 IDR ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r07_era_markers() {
    check("era markers", &[
        ("Dibangun tahun 833 M.", "Built in 833 AD.", "year 833 AD ok"),
        ("Dibangun tahun 833 M.", "Built in 833 CE.", "year 833 AD ok"),
        ("Kota itu ada sejak 1600 SM.", "The city has existed since 1600 BC.", "year 1600 BC ok"),
        ("Ia wafat 49 SM.", "He died in 49 B.C.E.", "year 49 BC ok"),
        ("Candi dari abad ke-9 M.", "A temple from the 9th century AD.", "ordinal 9 ok"),
        ("Kota itu ada sejak 1600 SM.", "The city has existed since 1600 AD.", "year 1600 BC changed/unit"),
        ("Ia lari 5 M tiap hari.", "He runs 5 M every day.", "cardinal 5 ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r08_currency() {
    check("currency", &[
        ("Dana Rp 1,5 triliun.", "Funds of IDR 1.5 trillion.", "currency 1500000000000 IDR ok"),
        ("Dana Rp 1,5 triliun.", "Funds of Rp1.5 trillion.", "currency 1500000000000 IDR ok"),
        ("Dana Rp 1,5 triliun.", "Funds of 1.5 trillion rupiah.", "currency 1500000000000 IDR ok"),
        ("Dana Rp. 1,5 triliun.", "Funds of Rp 1.5 trillion.", "currency 1500000000000 IDR ok"),
        ("Harganya US$3,50.", "It costs US$3.50.", "currency 3.5 USD ok"),
        ("Harganya US$3,50.", "It costs $3.50.", "currency 3.5 USD ok"),
        ("Dana Rp 2 miliar.", "Funds of $2 billion.", "currency 2000000000 IDR changed/currency"),
        ("Dana Rp 2 miliar.", "Funds of 2 billion.", "currency 2000000000 IDR ok~currency_dropped"),
        ("Dana Rp1,5 triliun.", "Funds of Rp1.5 trillion (about $96 million).", "currency 1500000000000 IDR ok; currency 96000000 USD extra/conversion_added"),
        ("Harganya £12.000.", "It costs £12,000.", "currency 12000 GBP ok"),
        ("Harganya 5 dolar AS.", "It costs 5 US dollars.", "currency 5 USD ok"),
        ("Harganya 5 dolar AS.", "ms: Harganya 5 dolar AS.", "currency 5 USD ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r09_percent() {
    check("percent", &[
        ("Naik 5 persen.", "Up 5 percent.", "percent 5 % ok"),
        ("Naik 5%.", "Up 5%.", "percent 5 % ok"),
        ("Naik 5 %.", "Up 5 per cent.", "percent 5 % ok"),
        ("Naik lima persen.", "Up five percent.", "percent 5 % ok"),
        ("Naik satu persen.", "Up one percent.", "percent 1 % ok"),
        ("Naik 5 persen.", "Up 5%.", "percent 5 % ok"),
        ("Naik 5 persen.", "ms: Naik 5 peratus.", "percent 5 % ok"),
        ("Naik 5 persen.", "Up 50 percent.", "percent 5 % changed/value"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r10_percentage_and_basis_points() {
    check("points", &[
        ("Naik 0,25 poin persentase.", "Up 0.25 percentage points.", "percentage_points 0.25 pp ok"),
        ("Naik 0,25 poin persentase.", "Up 0.25 percent.", "percentage_points 0.25 pp changed/unit"),
        ("Naik 25 basis poin.", "Up 25 basis points.", "basis_points 25 bp ok"),
        ("Naik 25 basis poin.", "Up 25 bps.", "basis_points 25 bp ok"),
        ("Naik 2 persen poin.", "Up 2 percentage points.", "percentage_points 2 pp ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r11_ordinals() {
    check("ordinals", &[
        ("Ia juara ke-2.", "He came 2nd.", "ordinal 2 ok"),
        ("Ia juara ke-2.", "He came second.", "ordinal 2 ok"),
        ("Ia presiden ke-45.", "He is the 45th president.", "ordinal 45 ok"),
        ("Ia presiden ke-45.", "He is the 46th president.", "ordinal 45 changed/value"),
        ("Pada abad XX banyak perang.", "In the 20th century there were many wars.", "ordinal 20 ok"),
        ("Pada abad ke-20 banyak perang.", "In the 20th century there were many wars.", "ordinal 20 ok"),
        ("Perang Dunia II berakhir.", "World War II ended.", "ordinal 2 ok"),
        ("Pada hari ke-3 ia pulang.", "On day 3 he went home.", "ordinal 3 ok"),
        ("Pada hari ke-3 ia pulang.", "On the fourth day he went home.", "ordinal 3 changed/value"),
        ("Kedua negara sepakat.", "Both countries agreed.", ""),
        ("Salah satu pejabat datang.", "One of the officials came.", ""),
        ("Ia menang untuk kedua kalinya.", "He won for the second time.", "ordinal 2 ok"),
        ("Harga naik dua kali lipat.", "Prices doubled.", ""),
        ("Ia datang 3 kali.", "He came three times.", "cardinal 3 ok"),
        ("Kedua tim mencetak 2 gol.", "Both teams scored 2 goals.", "cardinal 2 ok"),
        ("Kedua tim mencetak 2 gol.", "The two teams scored 2 goals.", "cardinal 2 ok; cardinal 2 ok"),
        ("Kota itu hancur pada Perang Dunia II.", "The city was destroyed in the Second World War.", "ordinal 2 ok"),
        ("Kota itu hancur pada Perang Dunia II.", "The city was destroyed in the First World War.", "ordinal 2 changed/value"),
        ("Ekonomi kuartal III tumbuh.", "The economy grew in the fourth quarter.", "ordinal 3 changed/value"),
        ("Ekonomi kuartal III tumbuh.", "The economy grew in the third quarter.", "ordinal 3 ok"),
        ("Ia ditahan di Lapas Kelas I.", "He is held in a Class I prison.", "ordinal 1 ok"),
        ("Ia menang untuk ketiga kalinya.", "He won for the second time.", "ordinal 3 changed/value"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r12_ranges() {
    check("ranges", &[
        ("Ada 10-12 orang.", "There were 10-12 people.", "range 10..12 ok"),
        ("Ada 10 hingga 12 orang.", "There were 10 to 12 people.", "range 10..12 ok"),
        ("Ada antara 10 dan 12 orang.", "There were between 10 and 12 people.", "range 10..12 ok"),
        ("Ada 10–12 orang.", "There were 12 people.", "range 10..12 changed/range_collapsed"),
        ("Gajinya £3.000-£5.000.", "The salary is £3,000-£5,000.", "range 3000..5000 GBP ok"),
        ("Ada 10-12 juta orang.", "There were 10-12 million people.", "range 10000000..12000000 ok"),
        ("Harga naik dari 10 menjadi 12.", "The price rose from 10 to 12.", "cardinal 10 ok; cardinal 12 ok"),
        ("Naik 5-7 persen.", "Up 5-7 percent.", "range 5..7 % ok"),
        ("Saldo £3.000-£5.000.", "A balance of £3.000-£5.000.", "range 3000..5000 GBP ok >3,000-£5,000"),
        ("Tumbuh 6,2-6,8 persen.", "Growth of 6,2-6,8 percent.", "range 6.2..6.8 % ok >6.2-6.8"),
        ("Kurs Rp9.000-9.300.", "ms: Kadar Rp9.000-9.300.", "range 9000..9300 IDR ok >9,000-9,300"),
        ("Yen dikutip 119,52-57.", "The yen was quoted at 119.52-57.", "range 119.52..119.57 ok"),
        ("Rapat pada 19-21 Agustus.", "ms: Mesyuarat pada 19-21 Agustus.", "date --08-19 ok; date --08-21 ok"),
        ("Ada 10 sampai 12 orang.", "ms: Ada 10 hingga 12 orang.", "range 10..12 ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r13_approximations() {
    check("approximate", &[
        ("Sekitar 3.000 orang datang.", "About 3,000 people came.", "cardinal 3000 ok"),
        ("Sekitar 3.000 orang datang.", "3,000 people came.", "cardinal 3000 ok~hedge_dropped"),
        ("Ada 3.000-an orang.", "There were some 3,000 people.", "cardinal 3000 ok"),
        ("Hampir 50 persen setuju.", "Nearly 50 percent agreed.", "percent 50 % ok"),
        ("Lebih dari 100 orang.", "More than 100 people.", "cardinal 100 ok"),
        ("Sekitar 3.000 orang datang.", "About 30,000 people came.", "cardinal 3000 changed/value"),
        ("Kira-kira 200 rumah rusak.", "Roughly 200 houses were damaged.", "cardinal 200 ok"),
        ("Lebih dari 100 orang datang.", "Fewer than 100 people came.", "cardinal 100 changed/value"),
        ("Tidak lebih dari 100 orang datang.", "No more than 100 people came.", "cardinal 100 ok"),
        ("Lebih dari 100 orang datang.", "Less than 100 people came.", "cardinal 100 changed/value"),
        ("Kurang dari 100 orang datang.", "Up to 100 people came.", "cardinal 100 ok"),
        ("Ada 1.000 lebih peserta.", "There were over 1,000 participants.", "cardinal 1000 ok"),
        ("Ada 1.000 lebih peserta.", "There were under 1,000 participants.", "cardinal 1000 changed/value"),
        ("Setidaknya 5 orang tewas.", "At least 5 people died.", "cardinal 5 ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r14_vague_bands() {
    check("vague bands", &[
        ("Ratusan orang datang.", "Hundreds of people came.", "vague 1e2+ ok"),
        ("Ribuan orang datang.", "Thousands of people came.", "vague 1e3+ ok"),
        ("Puluhan ribu orang datang.", "Tens of thousands of people came.", "vague 1e4+ ok"),
        ("Ratusan orang datang.", "Thousands of people came.", "vague 1e2+ changed/value"),
        ("Belasan orang datang.", "A dozen or so people came.", "vague 1e1+ ok"),
        ("Jutaan orang datang.", "Millions of people came.", "vague 1e6+ ok"),
        ("Miliaran euro hilang.", "Tens of billions of euros were lost.", "vague 1e9+ ok"),
        ("Puluhan orang datang.", "Dozens of people came.", "vague 1e1+ ok"),
        ("Ribuan orang datang.", "ms: Ribuan orang datang.", "vague 1e3+ ok"),
        ("Puluhan orang datang.", "Hundreds of people came.", "vague 1e1+ changed/value"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r15_decades() {
    check("decades", &[
        ("Pada 1950-an kota tumbuh.", "In the 1950s the city grew.", "decade 1950s ok"),
        ("Pada tahun 60-an kota tumbuh.", "In the '60s the city grew.", "decade '60s ok"),
        ("Pada ’90-an kota tumbuh.", "In the 1990s the city grew.", "decade '90s ok"),
        ("Pada 1960-an kota tumbuh.", "In the Sixties the city grew.", "decade 1960s ok"),
        ("Pada 1960-an kota tumbuh.", "In 1960 the city grew.", "decade 1960s changed/value"),
        ("Pada 1970-an kota tumbuh.", "In the mid-Seventies the city grew.", "decade 1970s ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r16_times() {
    check("times", &[
        ("Rapat pukul 10.30 WIB.", "The meeting is at 10.30 a.m. WIB.", "time 10:30+07 WIB ok"),
        ("Rapat pukul 10.30 WIB.", "The meeting is at 10:30 WIB.", "time 10:30+07 WIB ok"),
        ("Rapat pukul 19.00.", "The meeting is at 7 p.m.", "time 19:00 ok"),
        ("Rapat pukul 19.00.", "The meeting is at 9 p.m.", "time 19:00 changed/value"),
        ("Gempa pukul 10.30 WIB.", "The quake struck at 10:30 a.m. local time (0330 GMT).", "time 10:30+07 WIB ok"),
        ("Rapat pukul 7 pagi.", "The meeting is at 7 a.m.", "time 07:00 ok"),
        ("Buka pukul 06.30-10.00 WIB.", "Open 06:30-10:00 WIB.", "time 06:30+07 WIB ok; time 10:00+07 WIB ok"),
        ("Rapat pukul 10.30 WIB.", "ms: Mesyuarat pukul 10.30 WIB.", "time 10:30+07 WIB ok"),
        ("Rapat pukul 10.30 WITA.", "The meeting is at 10:30 WITA.", "time 10:30+08 WITA ok"),
        ("Rapat pukul 01.35.20.", "The meeting is at 01:35:20.", "time 01:35 ok"),
        ("Pasar buka (6.30-10 pagi).", "The market opens (6:30-10 a.m.).", "time 06:30 ok; time 10:00 ok"),
        ("Rapat pukul 7 malam.", "The meeting is at 7 p.m.", "time 19:00 ok"),
        ("Ia bekerja 24 jam sehari.", "He works 24 hours a day.", "cardinal 24 ok"),
        ("Jalan ditutup pukul 08.00 hingga 12.00 WIB.", "The road was closed from 8 a.m. to noon WIB.", "time 08:00+07 WIB ok; time 12:00+07 WIB ok"),
        ("Mereka menginap 2 malam.", "They stayed 2 nights.", "cardinal 2 ok"),
        ("Mereka menginap 2 malam.", "ms: Mereka menginap 2 malam.", "cardinal 2 ok"),
        // after `at`, a whole number before a noun is a count, not a clock hour
        ("Kapal itu tiba di 20 pelabuhan.", "The ship arrived at 20 ports.", "cardinal 20 ok"),
        ("Pusat gempa di 2,35 LS dan 119,2 BT.", "The epicentre was at 2.35 S and 119.2 E.", "cardinal 2.35 ok; cardinal 119.2 ok"),
        ("Rapat dimulai pukul 7.", "The meeting starts at 7.", "time 07:00 ok"),
        ("Rapat pukul 7 pagi.", "The meeting is at 7 in the morning.", "time 07:00 ok"),
        ("Rapat pukul 12.00.", "The meeting is at 12 noon.", "time 12:00 ok"),
        ("Rapat pukul 19.00.", "The meeting starts at 19.", "time 19:00 ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r17_dates() {
    check("dates", &[
        ("Pada 25 November 2026 ia datang.", "On November 25, 2026 he came.", "date 2026-11-25 ok"),
        ("Pada 25 November 2026 ia datang.", "On 25 November 2026 he came.", "date 2026-11-25 ok"),
        ("Pendaftaran dibuka 10 s.d. 12 Juni.", "Registration is open from June 10 to 12.", "date --06-10 ok; date --06-12 ok"),
        ("Pendaftaran dibuka 1 s/d 15 Agustus 2024.", "Registration runs from August 1 to 15, 2024.", "date 2024-08-01 ok; date 2024-08-15 ok"),
        ("Pendaftaran dibuka 1 s.d. 15 Agustus 2024.", "Registration runs from 1 to 16 August 2024.", "date 2024-08-01 ok; date 2024-08-15 changed/value"),
        ("Senin (25/11/2024) ia datang.", "On Monday (25/11/2024) he came.", "date 2024-11-25 ok"),
        ("Senin (5/12/2024) ia datang.", "On Monday (5/12/2024) he came.", "date 2024-12-05 ok~dmy_ambiguous"),
        ("Senin (5/12/2024) ia datang.", "On Monday, May 12, he came.", "date 2024-12-05 changed/date_order"),
        ("Selasa (3/12/2024) ia datang.", "On Tuesday (12/3/2024) he came.", "date 2024-12-03 ok~dmy_ambiguous"),
        ("Selasa (3/12/2024) ia datang.", "On Tuesday (11/25/2024) he came.", "date 2024-12-03 changed/value"),
        ("Pada 1 Mei 2024 ia datang.", "On May 1, 2024 he came.", "date 2024-05-01 ok"),
        ("Pada 11-11-2013 ia datang.", "On 11/11/2013 he came.", "date 2013-11-11 ok"),
        ("Pada 25 Nov 2026 ia datang.", "On Nov. 25, 2026 he came.", "date 2026-11-25 ok"),
        ("Pada 25 Agustus 2026 ia datang.", "On August 26, 2026 he came.", "date 2026-08-25 changed/value"),
        ("Pada 25 Agustus 2026 ia datang.", "ms: Pada 25 Ogos 2026 dia datang.", "date 2026-08-25 ok"),
        ("Pada 17 Agustus ia datang.", "On August 17 he came.", "date --08-17 ok"),
        ("Pada Juni 2024 ia datang.", "In June 2024 he came.", "date 2024-06 ok"),
        ("Acara berlangsung 3-5 Desember 2024.", "The event runs from December 3 to 5, 2024.", "date 2024-12-03 ok; date 2024-12-05 ok"),
        ("Acara berlangsung 3-5 Desember 2024.", "The event runs on 3-5 December 2024.", "date 2024-12-03 ok; date 2024-12-05 ok"),
        ("Jakarta, 5/12 - Presiden tiba.", "Jakarta, Dec 5 - The president arrived.", "date --12-05 ok~dmy_ambiguous"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r18_years_and_periods() {
    check("years", &[
        ("Tahun 2023 sulit.", "The year 2023 was hard.", "year 2023 ok"),
        ("Periode 2012-2013 sulit.", "The 2012-13 period was hard.", "year 2012..2013 ok"),
        ("TA 2024/2025 dimulai.", "The 2024/2025 fiscal year began.", "year 2024 ok; year 2025 ok"),
        ("Tahun 2023 sulit.", "The year 2022 was hard.", "year 2023 changed/value"),
        ("Tahun 2023 sulit.", "ms: Tahun 2023 sukar.", "year 2023 ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r19_identifiers() {
    check("identifiers", &[
        ("Hubungi 0812-3456-7890.", "Call 0812-3456-7890.", "identifier 081234567890 ok"),
        ("Hubungi 0812-3456-7890.", "Call 0812-3456-7891.", "identifier 081234567890 changed/value"),
        ("Hubungi (021) 5701234.", "Call (021) 5701234.", "identifier 0215701234 ok"),
        ("Menurut UU Nomor 11 Tahun 2020.", "Under Law Number 11 of 2020.", "identifier 11 ok; year 2020 ok"),
        ("Lihat Pasal 23 ayat (2).", "See Article 23 paragraph (2).", "identifier 23 ok; identifier 2 ok"),
        ("Keputusan No. 15 terbit.", "Decision No. 15 was issued.", "identifier 15 ok"),
        ("Varian COVID-19 menyebar.", "The COVID-19 variant spread.", "identifier 19 ok"),
        ("Hubungi +62 21 5701234.", "Call +62 21 5701234.", "identifier +62215701234 ok"),
        ("Donasi ke rekening 0015645678.", "Donations to account 15,645,678.", "identifier 0015645678 changed/value"),
        ("Donasi ke rekening 0015645678.", "Donations to account 0015645678.", "identifier 0015645678 ok"),
        ("Rumahnya di RT 05/RW 02.", "His house is in RT 5/RW 2.", "identifier 05 ok; identifier 02 ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r20_number_words() {
    check("number words", &[
        ("Ada dua belas orang.", "There were twelve people.", "cardinal 12 ok"),
        ("Ada dua belas orang.", "There were 12 people.", "cardinal 12 ok"),
        ("Ada tiga puluh orang.", "There were thirteen people.", "cardinal 30 changed/value"),
        ("Lima puluh siswa datang.", "Fifty students came.", "cardinal 50 ok"),
        ("Lima puluh siswa datang.", "50 students came.", "cardinal 50 ok"),
        ("Ada seratus orang.", "There were a hundred people.", "cardinal 100 ok"),
        ("Ada seribu orang.", "There were a thousand people.", "cardinal 1000 ok"),
        ("Ada dua ratus lima puluh ribu orang.", "There were 250,000 people.", "cardinal 250000 ok"),
        ("Nilainya nol koma lima.", "Its value is 0.5.", "cardinal 0.5 ok"),
        ("Ada sejuta orang.", "There were a million people.", "cardinal 1000000 ok"),
        ("Ada sebelas orang.", "There were eleven people.", "cardinal 11 ok"),
        ("Ada dua puluh satu orang.", "There were twenty-one people.", "cardinal 21 ok"),
        ("Ada dua belas orang.", "ms: Ada dua belas orang.", "cardinal 12 ok"),
        ("Ada dua ratus orang.", "There were two hundred people.", "cardinal 200 ok"),
        ("Ia membeli selusin telur.", "He bought a dozen eggs.", "cardinal 12 ok"),
        ("Ia membeli dua lusin telur.", "He bought two dozen eggs.", "cardinal 24 ok"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r21_fractions() {
    check("fractions", &[
        ("Setengah warga setuju.", "Half of the residents agreed.", "fraction 1/2 ok"),
        ("Sepertiga warga setuju.", "A third of the residents agreed.", "fraction 1/3 ok"),
        ("Seperempat warga setuju.", "A quarter of the residents agreed.", "fraction 1/4 ok"),
        ("Tiga perempat warga setuju.", "Three-quarters of the residents agreed.", "fraction 3/4 ok"),
        ("Ada setengah juta orang.", "There were half a million people.", "cardinal 500000 ok"),
        ("Sepertiga warga setuju.", "A quarter of the residents agreed.", "fraction 1/3 changed/value"),
    ]);
}

#[test]
#[rustfmt::skip]
fn r22_digits_with_words() {
    check("digits+words", &[
        ("Ia dihukum 1 (satu) tahun.", "He was sentenced to 1 (one) year.", "cardinal 1 ok"),
        ("Denda Rp200.000.000,00 (dua ratus juta rupiah).", "A fine of Rp200,000,000.00 (two hundred million rupiah).", "currency 200000000 IDR ok"),
        ("Denda Rp200.000.000,00 (dua ratus juta rupiah).", "A fine of Rp200.000.000,00 (two hundred million rupiah).", "currency 200000000 IDR ok >200,000,000.00"),
    ]);
}

#[test]
#[rustfmt::skip]
fn dropped_and_added_numbers() {
    check("missing/extra", &[
        ("Ada 12 korban dan 7 mobil.", "There were 12 victims.", "cardinal 12 ok; cardinal 7 missing"),
        ("Ada 12 korban.", "There were 12 victims and 7 cars.", "cardinal 12 ok; cardinal 7 extra"),
        ("Ada 12 orang.", "There were 120 people.", "cardinal 12 changed/value"),
        ("Suhu turun ke -5 derajat.", "The temperature fell to -5 degrees.", "cardinal -5 ok"),
        ("Suhu turun ke -5 derajat.", "The temperature fell to minus 5 degrees.", "cardinal -5 ok"),
        ("Suhu turun ke -5 derajat.", "The temperature fell to 5 degrees.", "cardinal -5 changed/value"),
        ("Suhu turun ke -2,5 derajat.", "The temperature fell to -2,5 degrees.", "cardinal -2.5 ok >2.5"),
        ("Ada 12 orang. | Lalu 15 pergi.", "There were 12 people, then 15 left. | Then.", "cardinal 12 ok; cardinal 15 ok"),
    ]);
}

/// Whole sentences as a general-purpose MT engine renders them into English:
/// every legitimate rendering must come out `ok`.
#[test]
#[rustfmt::skip]
fn english_mt_renderings_are_not_errors() {
    check("english renderings", &[
        ("Pemerintah mengalokasikan Rp 1,5 triliun untuk program itu.", "The government allocated IDR 1.5 trillion for the program.", "currency 1500000000000 IDR ok"),
        ("Pemerintah mengalokasikan Rp 1,5 triliun untuk program itu.", "The government allocated Rp1.5tn for the program.", "currency 1500000000000 IDR ok"),
        ("Gempa bermagnitudo 5,6 terjadi pukul 10.30 WIB.", "A magnitude 5.6 earthquake struck at 10:30 a.m. Western Indonesia Time (WIB).", "cardinal 5.6 ok; time 10:30+07 WIB ok"),
        ("Sebanyak 3.500 warga mengungsi pada Senin (25/11/2024).", "As many as 3,500 residents were evacuated on Monday (11/25/2024).", "cardinal 3500 ok; date 2024-11-25 ok"),
        ("Sebanyak 3.500 warga mengungsi pada Senin (25/11/2024).", "A total of 3,500 residents fled on Monday, November 25, 2024.", "cardinal 3500 ok; date 2024-11-25 ok"),
        ("Harga cabai naik 12,5 persen dibandingkan bulan lalu.", "Chili prices rose 12.5% from last month.", "percent 12.5 % ok"),
        ("Jumlah penduduk mencapai 10,6 juta jiwa pada tahun 2020.", "The population reached 10.6 million in 2020.", "cardinal 10600000 ok; year 2020 ok"),
        ("Nilai tukar rupiah melemah ke Rp15.750 per dolar AS.", "The rupiah weakened to Rp15,750 per US dollar.", "currency 15750 IDR ok"),
        ("Nilai tukar rupiah melemah ke Rp15.750 per dolar AS.", "The rupiah weakened to 15,750 rupiah per US dollar.", "currency 15750 IDR ok"),
        ("Ekspor turun 7,5% menjadi 35,2 juta ton.", "Exports fell 7.5% to 35.2 million tons.", "percent 7.5 % ok; cardinal 35200000 ok"),
        ("Ia dihukum 5 (lima) tahun penjara.", "He was sentenced to five years in prison.", "cardinal 5 ok"),
        ("Ia terpilih sebagai presiden ke-8.", "He was elected as the eighth president.", "ordinal 8 ok"),
        ("Dua belas orang tewas dalam kecelakaan itu.", "Twelve people were killed in the accident.", "cardinal 12 ok"),
        ("Sekitar 40.000 penonton hadir pada 17 Agustus 2024.", "Around 40,000 spectators attended on August 17, 2024.", "cardinal 40000 ok; date 2024-08-17 ok"),
        ("Ekonomi tumbuh 5,05 persen pada 2023.", "The economy grew by 5.05 percent in 2023.", "percent 5.05 % ok; year 2023 ok"),
        ("Anggaran naik dari Rp 10 miliar menjadi Rp 12 miliar.", "The budget rose from Rp 10 billion to Rp 12 billion.", "currency 10000000000 IDR ok; currency 12000000000 IDR ok"),
        ("Gajinya Rp 4,5 juta per bulan.", "His salary is Rp4.5 million a month.", "currency 4500000 IDR ok"),
        ("Gajinya Rp 4,5 juta per bulan.", "His salary is 4.5 million rupiah a month.", "currency 4500000 IDR ok"),
        ("Ada 1.000 lebih peserta.", "There were more than 1,000 participants.", "cardinal 1000 ok"),
        ("Pertandingan dimulai pukul 19.00 WITA.", "The match starts at 7pm Central Indonesia Time.", "time 19:00+08 WITA ok"),
        ("Pertandingan dimulai pukul 19.00 WITA.", "The match starts at 19:00 WITA.", "time 19:00+08 WITA ok"),
        ("Ia lahir pada 1 Januari 1990.", "He was born on January 1, 1990.", "date 1990-01-01 ok"),
        ("Proyek senilai US$ 2,1 miliar itu selesai.", "The US$2.1 billion project was completed.", "currency 2100000000 USD ok"),
        ("Setengah juta orang mengungsi.", "Half a million people were displaced.", "cardinal 500000 ok"),
        ("Sebanyak 60 persen responden setuju.", "Sixty percent of respondents agreed.", "percent 60 % ok"),
    ]);
}
