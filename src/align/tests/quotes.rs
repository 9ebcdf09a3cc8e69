//! Table cases for quotations: every quote situation of the notes
//! (sections 5 and 8.6–8.9). Sentences ` | `, paragraphs ` || `.

use super::table::check;

#[test]
#[rustfmt::skip]
fn attribution_and_speakers() {
    check("speakers", &[
        ("“Kami siap,” kata Budi.", "\"We are ready,\" Budi said.", "# q ok~glyph_style@Budi"),
        ("“Kami siap,” kata Budi.", "“We are ready,” said Budi.", "# q ok@Budi"),
        ("\"Kami siap,\" ujar Budi Santoso.", "\"We are ready,\" said Budi Santoso.", "# q ok@Budi Santoso"),
        ("Budi mengatakan: “Kami siap.”", "Budi said: \"We are ready.\"", "# q ok~glyph_style@Budi"),
        ("Menurut Budi, “kami siap berangkat.”", "According to Budi, “we are ready to go.”", "# q ok@Budi"),
        ("Budi mengatakan bahwa timnya sudah berlatih. | “Kami siap,” katanya.", "Budi said his team had trained. | “We are ready,” he said.", "# q ok@Budi"),
        ("“Kami siap,” kata Budi. || “Besok kami berangkat ke Jakarta.”", "“We are ready,” said Budi. || “Tomorrow we leave for Jakarta.”", "# q ok@Budi; q ok@Budi"),
        ("Pada saat yang sama, Budi mengatakan: || “Kami siap berangkat besok pagi.”", "At the same time, Budi said: || “We are ready to leave tomorrow morning.”", "# q ok@Budi"),
        ("“Kami siap,” ujarnya kepada Budi.", "“We are ready,” he told Budi.", "# q ok"),
        ("“Kami siap,” kata Menteri Keuangan Sri Mulyani.", "“We are ready,” said Finance Minister Sri Mulyani.", "# q ok@Sri Mulyani"),
        ("“Kami tidak akan menyerah,” kata Prabowo di Jakarta.", "\"We will not give up,\" Prabowo said in Jakarta.", "# q ok~glyph_style@Prabowo"),
        ("“Ada 1.200 personel,” kata Kapolda Metro Jaya Irjen Karyoto.", "“There are 1,200 personnel,” said Jakarta Police Chief Insp. Gen. Karyoto.", "cardinal 1200 ok # q ok@Karyoto"),
        ("Prof. Dr. Budi Santoso mengatakan: “Kami siap.”", "Prof. Dr. Budi Santoso said: “We are ready.”", "# q ok@Budi Santoso"),
        ("“Kami siap,” kata juru bicara Kementerian Luar Negeri, Budi Santoso.", "“We are ready,” said Foreign Ministry spokesman Budi Santoso.", "# q ok@Budi Santoso"),
        ("“Kami siap,” kata pengamat politik Budi Santoso.", "“We are ready,” said political observer Budi Santoso.", "# q ok@Budi Santoso"),
        ("“Kami siap,” kata Ali bin Abdullah.", "“We are ready,” said Ali bin Abdullah.", "# q ok@Ali bin Abdullah"),
        ("“Kami siap,” tegas Ma'ruf Amin.", "“We are ready,” Ma'ruf Amin stressed.", "# q ok@Ma'ruf Amin"),
        ("“Kami siap,” kata Budi. | Ani menambahkan, “Kami juga siap berangkat.”", "“We are ready,” Budi said. | Ani added, “We are also ready to go.”", "# q ok@Budi; q ok@Ani"),
        ("“Kami siap,” kata Budi.", "ms: “Kami bersedia,” kata Budi.", "# q ok@Budi"),
        ("“Kami sudah siap berangkat.” || “Besok kami berangkat,” kata Budi.", "“We are ready to go.” || “Tomorrow we leave,” said Budi.", "# q ok@Budi; q ok@Budi"),
        ("“Kami sudah siap berangkat.” | Demikian dikatakan Budi kepada wartawan.", "“We are ready to go.” | So said Budi to reporters.", "# q ok@Budi"),
        ("“Kami sudah siap berangkat.” | Kata Budi.", "“We are ready to go.” | Budi said.", "# q ok@Budi"),
        ("Budi mengatakan, || “Kami sudah siap berangkat.”", "Budi said, || “We are ready to go.”", "# q ok@Budi"),
        ("“Kami sudah siap berangkat.”", "“We are ready to go.”", "# q ok"),
        ("Budi menegaskan pemerintah siap. | “Kami sudah menyiapkan semuanya.”", "Budi stressed the government was ready. | “We have prepared everything.”", "# q ok@Budi"),
    ]);
}

#[test]
#[rustfmt::skip]
fn quote_structure() {
    check("structure", &[
        ("“Kami siap. | Kami berangkat besok,” kata Budi.", "“We are ready. | We leave tomorrow,” said Budi.", "# q ok@Budi"),
        ("“Kalimat pertama sudah selesai di sini. || “Kalimat kedua juga selesai,” kata Budi.", "“The first sentence ends here. || “The second sentence also ends,” said Budi.", "ordinal 1 ok; ordinal 2 ok # q ok~multi_paragraph@Budi"),
        ("“Kalimat pertama tidak pernah ditutup di sini. || Baca juga: berita lain.", "“The first sentence is never closed here. || Read also: other news.", "ordinal 1 ok # q ok~source_unbalanced"),
        ("“Ia bilang ‘jangan khawatir’ kepada kami,” kata Budi.", "“He told us ‘don't worry’,” said Budi.", "# q ok@Budi; q ok~term_quote"),
        ("“Ma'ruf datang pada hari Jum'at,” kata Budi.", "“Ma'ruf came on Friday,” said Budi.", "# q ok@Budi"),
        ("“Kami sudah siap sejak lama.” || “Besok kami berangkat,” kata Budi.", "“We have long been ready. || “Tomorrow we leave,” said Budi.", "# q ok~multi_paragraph@Budi; q ok~merged@Budi"),
        ("“Kami sudah siap sejak lama. || “Besok kami berangkat,” kata Budi.", "“We have long been ready.” || “Tomorrow we leave,” said Budi.", "# q ok~multi_paragraph@Budi"),
        ("”Kami siap berangkat” kata Budi.", "“We are ready to go,” said Budi.", "# q ok@Budi"),
        ("Ia menyanyikan lagu “Indonesia Raya” dengan khidmat.", "He sang the song “Indonesia Raya” solemnly.", "# q ok"),
        ("Praktik “amplop” marak di sana.", "The “envelope” practice is rampant there.", "# q ok~term_quote"),
        ("Praktik “amplop” marak di sana.", "The \"envelope\" practice is rampant there.", "# q ok~term_quote"),
        ("Kata 'tergugat' berarti yang digugat.", "The word 'defendant' means the one sued.", "# q ok~term_quote"),
    ]);
}

#[test]
#[rustfmt::skip]
fn failures_and_repairs() {
    check("repairs", &[
        ("“Kami siap,” kata Budi.", "We are ready, Budi said.", "# q ok@Budi!unquoted"),
        ("“Kami siap,” kata Budi.", "Budi said that they were ready.", "# q missing/indirect_speech@Budi"),
        ("“Kami siap,” kata Budi.", "Budi said they are ready.", "# q missing/indirect_speech@Budi"),
        ("“Kami siap,” kata Budi.", "“We are ready, Budi said.”", "# q ok@Budi!boundary"),
        ("“Kami siap. | Kami berangkat besok,” kata Budi.", "“We are ready. | We leave tomorrow, said Budi.", "# q ok@Budi!close_mark_missing"),
        ("Dia menyebutnya amplop.", "He called it “envelope”.", "# q extra/added~term_quote"),
        ("Budi mengatakan bahwa mereka sudah siap berangkat.", "Budi said: “We are ready to go now.”", "# q extra/indirect_to_direct"),
        ("“Ia bilang ‘jangan khawatir’ kepada kami,” kata Budi.", "“He told us don't worry,” said Budi.", "# q changed/nested_changed@Budi; q missing/nested_dropped~term_quote"),
        ("“Ada 12.000 tentara,” kata Budi.", "“There are 1,200 soldiers,” said Budi.", "cardinal 12000 changed/value # q changed/inner_number@Budi"),
        ("“Ada 12.000 tentara,” kata Budi.", "“There are 12.000 soldiers,” said Budi.", "cardinal 12000 ok >12,000 # q ok@Budi"),
        // figures swapped between two quotations, or between a quotation and the narration, are misquotes
        ("“Harga cabai naik 50 persen,” kata Ani, “dan bawang naik 20 persen.”", "“Chili prices rose 20 percent,” Ani said, “and onions rose 50 percent.”", "percent 50 % changed/value; percent 20 % changed/value # q changed/inner_number@Ani; q changed/inner_number@Ani"),
        ("Harga cabai naik 50 persen, sementara menurut Ani, “bawang naik 20 persen.”", "Chili prices rose 20 percent, while according to Ani, “onions rose 50 percent.”", "percent 50 % changed/value; percent 20 % changed/value # q changed/inner_number@Ani"),
        ("“Harga cabai naik 50 persen,” kata Ani. | “Bawang naik 20 persen,” tambahnya.", "“Chili prices rose 20 percent,” Ani said. | “Onions rose 50 percent,” she added.", "percent 50 % changed/value; percent 20 % changed/value # q changed/inner_number@Ani; q changed/inner_number@Ani"),
        ("“Kami siap,” kata Budi, “dan kami berangkat besok.”", "“We are ready and we leave tomorrow,” Budi said.", "# q ok@Budi; q ok~merged@Budi"),
        ("“Kami siap dan kami berangkat besok,” kata Budi.", "“We are ready,” Budi said, “and we leave tomorrow.”", "# q ok~split@Budi"),
        ("Budi mengatakan: “Kami siap berangkat.”", "Budi said: We are ready to go.", "# q ok@Budi!unquoted"),
        ("Budi mengatakan, “Kami tidak akan mundur.”", "Budi said, We will not back down.", "# q ok@Budi!unquoted"),
        ("Budi mengatakan, “Kami tidak akan mundur.”", "Budi said, in Jakarta, they would not back down.", "# q missing/indirect_speech@Budi"),
        ("Budi mengatakan: “Kami siap berangkat.”", "Budi said: they were ready to go.", "# q missing/indirect_speech@Budi"),
        ("“Kami siap. | Kami berangkat besok,” kata Budi.", "We are ready. | We leave tomorrow,” said Budi.", "# q ok@Budi!open_mark_missing"),
        ("“Kami siap. | Kami berangkat besok,” kata Budi.", "We are ready. | We leave tomorrow, said Budi.", "# q missing/unquoted@Budi"),
        ("“Kami siap,” kata Budi. | Ia pulang.", "“We are ready,” said Budi. | “He went home.”", "# q ok@Budi; q extra/added"),
        // a second quotation turned into indirect speech is not "merged" into the first
        ("“Kami siap,” kata Budi. “Kami juga tidak takut,” tambahnya.", "“We are ready,” Budi said. He added that they were not afraid either.", "# q ok@Budi; q missing/indirect_speech@Budi"),
        ("“Kami siap,” kata Budi, “dan kami tidak takut.”", "Budi said they were ready, “and we are not afraid.”", "# q missing/unquoted@Budi; q ok@Budi"),
    ]);
}
