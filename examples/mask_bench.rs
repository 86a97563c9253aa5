//! Times `feedback::mask::mask` over a million short verbatims on one thread.
//!
//! ```text
//! cargo run --release --example mask_bench [-- COUNT]
//! ```
//!
//! The verbatims (about 115 characters, in English, Russian and Latvian) come from fixed
//! templates filled by a fixed-seed splitmix64, so every run masks the same text. Four
//! mixes are timed: text with no digit and no `@`, text with numbers but no personal data
//! (dates, amounts, order numbers), text that each holds some personal data, and a blend
//! of the three (60 %, 30 %, 10 %).

use std::hint::black_box;
use std::time::Instant;
use waymark::feedback::mask::{mask, MaskCounts};

/// Without a digit or `@`.
const PLAIN: [&str; 6] = [
    "The checkout kept asking for the same details again and again, I almost gave up on it and went to another shop instead.",
    "Приложение зависает на экране оплаты, приходится перезапускать его несколько раз подряд, и корзина каждый раз пустая.",
    "Kurjers ieradās laikā un bija ļoti laipns, bet iepakojums bija saplēsts un netīrs, tāpēc nākamreiz izvēlēšos pakomātu.",
    "Support answered quickly, but nobody could tell me where my parcel actually was today, and the tracking page was empty.",
    "Очень понравилось, что можно выбрать удобное время доставки, курьер позвонил заранее, спасибо вашей команде за заботу!",
    "Lietotne ir ērta, tomēr meklēšana neatrod preces pēc nosaukuma latviešu valodā, un filtri pazūd pēc katras lapas maiņas.",
];

/// With numbers that are not personal data; `{n}` is filled with a number.
const NUMBERS: [&str; 6] = [
    "Order #{n} placed on 10.05.2026 at 14:30 arrived three days late, and I paid 1 299,99 € for express delivery.",
    "Заказ №{n} от 2026-05-10 на 12 000 ₽ пришёл без чека, скидка 6,2 % не применилась, а курьер опоздал на час.",
    "Pasūtījums ORD-2026-{n} par 49,90 EUR tika piegādāts 12/05/2026, lietotnes versija 2.10.4 to rādīja kā atceltu.",
    "Waited 45 minutes on 2026-05-10 for order {n}, then got a $1,299.00 refund instead of the 3 chairs I had ordered.",
    "Курьер приехал в 19:40 вместо 14:30, заказ №{n}, 3 шт. по 500 г, итого 1 500 руб., оценка 2 из 5 за опоздание.",
    "Rēķins Nr. {n} no 10.05.2026: 2 gab. par 26 EUR, atlaide 15 %, piegāde 3 dienās, bet prece atnāca tikai 2026. gada jūnijā.",
];

/// Each with some personal data; `{n}` is filled with a number.
const PERSONAL: [&str; 6] = [
    "Please call me on +1 (415) 555-0132 or write to jane.doe{n}@example.com about order 77, I am free after 5pm.",
    "Позвоните мне на +7 (912) 345-67-89, заказ №{n} от 10.05.2026 на 12 000 ₽, спасибо, жду звонка до вечера.",
    "Mans e-pasts ir janis{n}@inbox.lv, tālr. 26 123 456, personas kods 121282-11210, lūdzu, atzvaniet man rīt.",
    "I paid with 4111 1111 1111 1111 for order #{n} and was charged twice on 10.05.2026, please refund one of them.",
    "Верните деньги на LV80BANK0000435195001, заказ №{n}, звоните 8 912 345 67 89 в любое время после обеда.",
    "Pārskaitiet uz DE89 3704 0044 0532 0130 00, pasūtījums #{n}, zvaniet 26123456 vai rakstiet uz e-pastu.",
];

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = SplitMix64(0x4d41_534b_494e_4721); // "MASKING!"
    let plain = verbatims(&mut rng, count, &[(100, &PLAIN)]);
    let numbers = verbatims(&mut rng, count, &[(100, &NUMBERS)]);
    let personal = verbatims(&mut rng, count, &[(100, &PERSONAL)]);
    let blend = verbatims(
        &mut rng,
        count,
        &[(60, &PLAIN), (30, &NUMBERS), (10, &PERSONAL)],
    );
    println!("{count} verbatims in each mix, one thread");
    for (name, texts) in [
        ("no digit, no @", &plain),
        ("numbers, no personal data", &numbers),
        ("personal data in each", &personal),
        ("blend 60/30/10", &blend),
    ] {
        time(name, texts);
    }
}

/// Masks every text once (after one warm-up pass) and prints the time.
fn time(name: &str, texts: &[String]) {
    for text in texts.iter().take(1000) {
        black_box(mask(text));
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let start = Instant::now();
    let cpu_start = thread_cpu_time();
    let mut counts = MaskCounts::default();
    for text in texts {
        let (masked, found) = mask(black_box(text));
        black_box(masked);
        counts += found;
    }
    let wall = start.elapsed().as_secs_f64();
    // On a busy machine the wall clock counts other processes' turns too.
    let cpu = thread_cpu_time()
        .zip(cpu_start)
        .map(|(end, start)| end - start);
    let seconds = cpu.unwrap_or(wall);
    println!(
        "{name:>26}: {seconds:.3} s of CPU ({wall:.3} s of wall clock), {:.0} ns and {} bytes \
         a verbatim, {:.0} MB/s; masked {counts}",
        seconds * 1e9 / texts.len().max(1) as f64,
        bytes / texts.len().max(1),
        bytes as f64 / seconds / 1e6,
    );
}

/// The CPU time this thread has used, in seconds, where the system tells it.
#[cfg(target_os = "linux")]
fn thread_cpu_time() -> Option<f64> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the call to fill.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    (status == 0).then_some(now.tv_sec as f64 + now.tv_nsec as f64 * 1e-9)
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_time() -> Option<f64> {
    None
}

/// `count` verbatims drawn from `pools`, each pool chosen with its weight (in percent).
fn verbatims(rng: &mut SplitMix64, count: usize, pools: &[(u64, &[&str])]) -> Vec<String> {
    (0..count)
        .map(|_| {
            let mut roll = rng.next() % 100;
            let pool = pools
                .iter()
                .find(|(weight, _)| {
                    let hit = roll < *weight;
                    roll = roll.saturating_sub(*weight);
                    hit
                })
                .map_or(pools[0].1, |(_, pool)| *pool);
            let template = pool[(rng.next() % pool.len() as u64) as usize];
            template.replace("{n}", &(100_000 + rng.next() % 900_000).to_string())
        })
        .collect()
}

/// The splitmix64 generator: small, fast and the same everywhere.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
