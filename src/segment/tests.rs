//! Table tests: one line per case, through one `check()` helper. Sentences
//! are written separated by ` | `; the input is them joined by one space
//! unless the case gives its own text.

use super::{QuotePolicy, segment, segment_with};

/// Segments `sentences.join(" ")` and expects `sentences` back.
fn check(expected: &str) {
    let expected: Vec<&str> = expected.split(" | ").collect();
    let text = expected.join(" ");
    check_text(&text, &expected);
}

/// Like [`check`], keeping quotations whole.
fn check_keeping_quotes(expected: &str) {
    let expected: Vec<&str> = expected.split(" | ").collect();
    let text = expected.join(" ");
    let got: Vec<&str> = segment_with(&text, QuotePolicy::KeepWhole)
        .iter()
        .map(|sentence| sentence.text(&text))
        .collect();
    assert_eq!(got, expected, "segmenting {text:?} keeping quotes whole");
}

/// Segments `text` and expects `expected`.
fn check_text(text: &str, expected: &[&str]) {
    let got: Vec<&str> = segment(text).iter().map(|sentence| sentence.text(text)).collect();
    assert_eq!(got, expected, "segmenting {text:?}");
}

#[test]
fn ordinary_sentences_split_at_full_stops_and_marks() {
    check("Satu dua. | Tiga empat.");
    check("Luar biasa! | Timnas menang 2-1. | Siapa yang menyangka?");
    check("Sebagian mengungsi; sebagian bertahan. | Bantuan datang.");
}

#[test]
fn titles_and_address_words_never_end_a_sentence() {
    check("Rektor, Prof. Dr. Budi Santoso, hadir. | Acara selesai.");
    check("Ia dirawat oleh dr. Sari dan Drs. H. Amin di rumah Ny. Tuti. | Ia pulih.");
    check("Kantor di Jl. Jend. Gatot Subroto Kav. 12, Kel. Kuningan, Kec. Setiabudi. | Polisi berjaga.");
    check("Sambutan KH. Ahmad dan Hj. Rina disimak Sdr. Joko. | Acara ditutup.");
    check("Truk milik PT. Angkasa dan CV. Maju terguling. | Sopirnya selamat.");
    check("Moh. Hasan bertemu Tn. Lee di Kab. Sleman, Prov. DIY. | Mereka makan.");
    check("Sertijab dipimpin Kol. Inf. Andi dan Letkol. Cpm. Budi. | Acara lancar.");
    check("Hadir pula Jend. TNI (Purn.) Surya Atmaja. | Ia datang sendiri.");
    check("Doa dipimpin Tgk. H. Faisal dan H. Zulkifli Dt. Rajo Mangkuto. | Rektornya Dr. Eng. Rudi Siregar.");
    // a capitalised short form without a vowel is a title even when unlisted, unless it ends a code
    check("Sambutan Tgh. Hasan dibacakan Krg. Amir. | Acara selesai.");
    check("Gugatan terdaftar dengan nomor 45/Pdt.G/2024/PN Sby. | Penggugat menuntut ganti rugi.");
    check("Barang bukti seberat 5 Kg. | Polisi menyitanya.");
    check("Ia dijerat Pasal 2 ayat (1) jo. Pasal 18 UU Tipikor. | Sidang ditunda.");
}

#[test]
fn prefix_abbreviations_hold_before_figures() {
    check("Harga mencapai Rp. 85.000 per kilo. | Pedagang mengeluh.");
    check("Ia tiba pk. 07.15 pada tgl. 5 Maret. | Kereta penuh.");
    check("Diatur dalam UU No. 1 Tahun 2023. | Berlaku 2026.");
    check("Rumahnya di RT. 05/RW. 02, Jl. Raya Bogor Km. 30. | Kata Ketua RT. | Ia benar.");
    check("Pendaftaran 1 s.d. 15 Agustus a.n. Kepala Dinas. | Segera daftar.");
}

#[test]
fn suffix_abbreviations_end_a_sentence_only_before_a_capital() {
    check("Ia menjual beras, gula, dll. | Pasar ramai.");
    check("Beras, gula, dll. disalurkan ke warga. | Relawan membantu.");
    check("Penelitian Sari dkk. menunjukkan hal itu. | Sampelnya besar.");
    check("Saham milik PT Semen Nusantara Tbk. | Saham itu naik.");
    check("Laba PT Bank Maju Tbk. (BMAJ) naik 5 persen. | Kredit tumbuh.");
    check("Kontrak dengan Hanjin Shipping Co. Ltd. dari Korea diteken. | Nilainya besar.");
    check("Rapat digelar 12 Okt. lalu. | Hasilnya belum jelas.");
}

#[test]
fn degrees_end_a_sentence_after_a_name_but_initials_do_not() {
    check("Hal itu disampaikan Andi Saputra, S.H., LL.M. | Ia menilai aturan itu keliru.");
    check("Dihadiri Ir. Bambang, M.M. dan jajaran. | Pertemuan tertutup.");
    check("Rudi, S.H., M.H., mengajukan banding. | Sidang ditunda.");
    check("Bandara B.J. Habibie dan Jl. R.A. Kartini diresmikan. | Warga senang.");
    check("Pidato M. Hatta dibacakan KH. M.A. Sahal. | Siswa hening.");
    check("Suhu naik di bawah 2 C. | Itu batas aman.");
    check("Ekonomi tumbuh pada kuartal I. | Dengan itu target tercapai.");
    check("Menurut Rashid I. Mangunkusumo, produksi naik.");
}

#[test]
fn numbers_times_and_domains_are_not_cut() {
    check("Ada 1.250.000 orang dan inflasi 3,5 persen, skor 3.2. | Angka membaik.");
    check("Harga beras Rp 12.500. | Kenaikan dipicu gagal panen.");
    check("Gempa pukul 10.30 WIB. | Guncangan terasa.");
    check("TEMPO.CO, Jakarta - KPK menahan dua orang. | Keduanya ditahan.");
    check("Daftar di sscasn.bkn.go.id. | Batas akhir 30 September.");
    check("Kirim ke aduan@kemenkeu.go.id atau www.bps.go.id hari ini. | Layanan buka.");
}

#[test]
fn lists_and_sentence_starts_without_a_capital() {
    check("Ada dua usulan. | 1. Menaikkan anggaran. | 2. Menambah guru.");
    check("Rapat berakhir. | 2024 menjadi tahun berat.");
    check("Produk dijual daring. | iPhone terbaru juga tersedia.");
    check("Korban terus bertambah. | dr. Siti Rahma memimpin tim medis.");
    check("Polisi belum berkomentar soal itu. | detikcom sudah menghubungi Kapolres.");
    check("“Kami siap.” kata Budi. | Ia pulang.");
    // after an abbreviation, listed (`kab.`, `dll.`) or not (`tsb.`), lower case goes on
    check("Banjir di kab. bogor surut. | Warga pulang.");
    check("Beras, gula, dll. disalurkan, dan barang tsb. dibagikan. | Relawan membantu.");
}

#[test]
fn quotes_split_inside_and_opening_quotes_start_the_next_sentence() {
    check("“Kami sudah siap. | Hasilnya terlihat nanti,” ujar Budi.");
    check("“Apakah ini adil?” tanya warga. | Tidak dijawab.");
    check("Ia berkata, “Tidak ada kompromi.” | Hadirin bertepuk tangan.");
    check("Ia pergi. | “Saya lelah,” katanya.");
    check("Kata dia, \"Kami siap.\" | Sidang digelar Kamis.");
    check("Ia menyebut itu 'tidak masuk akal'. | Rakyat dirugikan.");
}

#[test]
fn quotations_can_be_kept_whole_unless_they_are_never_closed() {
    check_keeping_quotes("“Kami sudah siap. Hasilnya terlihat nanti,” ujar Budi. | Ia pergi.");
    check_keeping_quotes("Ia berkata: \"Saya mual. Saya minta maaf.\" | Sidang ditunda.");
    check_keeping_quotes("“Kami akan berjuang. | Ini belum selesai. | Warga menunggu.");
    check_keeping_quotes("Harga \"naik\" lagi. | Warga mengeluh.");
}

#[test]
fn ellipses_end_a_sentence_only_before_a_capital() {
    check("“Saya... saya tidak tahu,” ucapnya. | Ia pergi.");
    check("Proyek itu tertunda... | Warga kesal.");
    check("Mereka menunggu… | Namun kabar tak datang.");
}

#[test]
fn stray_punctuation_stays_with_the_sentence_before() {
    check("Pasukan ada di Ukraina . | Lalu mundur.");
    check("Tidak ada solusi yang tepat. . | Dari sudut pandang lain, ini wajar.");
    check("Pasukan ada di Ukraina .” | Lalu mundur.");
    check("Ia bertanya, 'Apa kalian melihat ini? '\" ujar Pall. | Ia tertawa.");
    check("Tidak ada yang lebih hebat dari kamu. “ | Siapa yang bisa menghentikan mereka?");
}

#[test]
fn credits_and_inline_related_links_are_segments() {
    check("Tiga kendaraan terlibat. (Foto: ANTARA/Rizky) | Polisi olah TKP.");
    check("Demikian kata Jokowi. (*)");
    check("Harga naik hari ini. | Baca juga: Harga Emas Dunia di Level Tertinggi | Kenaikan ini yang ketiga.");
    check("Banjir Rendam Rumah di Bekasi | BEKASI, KOMPAS.com - Banjir merendam rumah. | Air setinggi 1 meter.");
    check("Santri Ikuti Zikir di Masjid Raya | BANDA ACEH, KOMPAS.com - Ribuan santri hadir.");
    check_text(
        "BANDA ACEH, KOMPAS.com - Ribuan santri hadir.",
        &["BANDA ACEH, KOMPAS.com - Ribuan santri hadir."],
    );
    check("Baca juga: Korea Utara Kirim 10.000 Tentara untuk Berlatih di Rusia");
}

#[test]
fn paragraph_breaks_end_sentences_and_count_empty_paragraphs() {
    let text = "Judul Tanpa Titik\n\nJAKARTA, KOMPAS.com - Isi pertama. Isi kedua\r\n(ant/rdn)";
    check_text(
        text,
        &[
            "Judul Tanpa Titik",
            "JAKARTA, KOMPAS.com - Isi pertama.",
            "Isi kedua",
            "(ant/rdn)",
        ],
    );
    let paragraphs: Vec<usize> = segment(text).iter().map(|sentence| sentence.paragraph).collect();
    assert_eq!(paragraphs, [0, 2, 2, 3]);
}

#[test]
fn empty_and_blank_texts_have_no_sentences() {
    check_text("", &[]);
    check_text(" \n\t\n ", &[]);
    check_text(". . .", &[". . ."]);
}
