//! The milestone's run: both GPTs trained or loaded, measured, drawn and judged.

use crate::{
    BIGRAM_MARGIN, Causality, GPT_SEED, REVERSAL_NAME, REVERSAL_SEP, TINYTALK_CONTEXT,
    TINYTALK_NAME, TalkCheck, TinytalkData, attention_maps, attention_picture, causality_probe,
    check_tinytalk, editions, evaluate_reversal, load_tinytalk_data, reversal_gate,
    reversal_held_out, train_or_load_reversal, train_or_load_tinytalk, transformer_gates_talk,
};
use tinytorch_layers::Module;
use tinytorch_milestone_kit::{
    Checkpointed, Evaluation, Gate, MilestoneError, MilestoneRun, Part, Progress, Retrain,
    Scorecard, TrainingArgs, stopped_by_modules, training,
};
use tinytorch_tensor::seeded_rng;
use tinytorch_tokenization::Tokenizer;
use tinytorch_transformers::{Gpt, Sampling};

const STORY: &str = "\
2017: Vaswani et al., \"Attention Is All You Need\". Recurrent networks read a sentence
one word at a time; the transformer lets every position look at every earlier position
at once, weighting them by learned attention, and a causal mask keeps it from peeking at
the future. Stacked, it became GPT. Here a 2-layer GPT learns an algorithm (reversal)
and a language (TinyTalk, character by character), on your modules 01-13.";

/// Your modules' failure of the run as `Ok(None)` (printed), other errors as bad input.
fn yours<T>(result: Result<T, MilestoneError>) -> Result<Option<T>, MilestoneError> {
    stopped_by_modules("the run", result)
}

type ReversalPart = (Checkpointed<Gpt>, Evaluation, Vec<usize>);

/// The reversal GPT trained or loaded, its exact match, and one unseen input answered.
fn reversal_part(
    dir: &std::path::Path,
    policy: Retrain,
    progress: Progress,
) -> Result<Option<ReversalPart>, MilestoneError> {
    let Some(reversal) = yours(train_or_load_reversal(dir, policy, progress))? else {
        return Ok(None);
    };
    let t = &reversal.stamp.training;
    println!(
        "{REVERSAL_NAME}: {} parameters, {}\n  {} {} in {:.1}s (final training loss {:.4})",
        reversal.model.num_parameters(),
        reversal.provenance(),
        t.count,
        t.unit,
        t.seconds,
        t.final_train_loss
    );
    let Some(exact) = yours(evaluate_reversal(&reversal.model, GPT_SEED))? else {
        return Ok(None);
    };
    println!(
        "  exact match: {:.1}% ({})",
        100.0 * exact.value,
        exact.detail
    );
    let example = reversal_held_out(GPT_SEED)
        .into_iter()
        .max_by_key(Vec::len)
        .unwrap_or_default();
    let mut prompt = example.clone();
    prompt.push(REVERSAL_SEP);
    let generated = reversal
        .model
        .generate(&prompt, example.len(), Sampling::Greedy, &mut seeded_rng(0))
        .map_err(|e| training(REVERSAL_NAME, e));
    let Some(answer) = yours(generated)? else {
        return Ok(None);
    };
    let text: String = answer.iter().map(|&i| crate::reversal_symbol(i)).collect();
    println!("  for example: {text}\n");
    Ok(Some((reversal, exact, answer)))
}

type TalkPart = (TalkCheck, Causality, String);

/// The TinyTalk GPT trained or loaded, its validation loss both ways, a greedy sample,
/// and the causality probe.
fn tinytalk_part(
    data: &TinytalkData,
    print: &str,
    dir: &std::path::Path,
    policy: Retrain,
    progress: Progress,
) -> Result<Option<TalkPart>, MilestoneError> {
    let Some(talk) = yours(train_or_load_tinytalk(data, print, dir, policy, progress))? else {
        return Ok(None);
    };
    let t = &talk.stamp.training;
    println!(
        "{TINYTALK_NAME}: {} parameters, {}\n  {} {} in {:.1}s (final training loss {:.4})",
        talk.model.num_parameters(),
        talk.provenance(),
        t.count,
        t.unit,
        t.seconds,
        t.final_train_loss
    );
    let check = check_tinytalk(&talk.model, data).map_err(|e| training(TINYTALK_NAME, e));
    let Some(check) = yours(check)? else {
        return Ok(None);
    };
    println!(
        "  validation: {:.4} nats/char over {} characters (yours {:.4}); unigram {:.4}, bigram {:.4}",
        check.loss,
        check.characters,
        check.your_loss,
        check.baselines.unigram,
        check.baselines.bigram
    );
    println!("  the bar: at least {BIGRAM_MARGIN} nats below the bigram");
    let prompt: Vec<usize> = data
        .tokenizer
        .encode("Q: What")
        .into_iter()
        .map(|i| i as usize)
        .collect();
    let generated = talk
        .model
        .generate(&prompt, 80, Sampling::Greedy, &mut seeded_rng(0))
        .map_err(|e| training(TINYTALK_NAME, e));
    let Some(generated) = yours(generated)? else {
        return Ok(None);
    };
    let ids: Vec<u32> = generated.iter().map(|&i| i as u32).collect();
    let sample = data
        .tokenizer
        .decode(&ids)
        .unwrap_or_else(|e| format!("<{e}>"));
    println!("  greedy sample:\n    {}\n", sample.replace('\n', "\n    "));
    let window = &data.validation[..TINYTALK_CONTEXT.min(data.validation.len())];
    let probe = causality_probe(&talk.model, window, window.len() / 2)
        .map_err(|e| training(TINYTALK_NAME, e));
    let Some(probe) = yours(probe)? else {
        return Ok(None);
    };
    println!(
        "causality probe: tokens {}..{} changed; earlier logits moved by {:.2e}, later ones by {:.3}\n",
        probe.cut, probe.positions, probe.earlier_change, probe.later_change
    );
    Ok(Some((check, probe, sample)))
}

/// Runs milestone 05; `Ok(true)` when every gate holds.
///
/// # Errors
/// [`MilestoneError`] for bad input (data, checkpoint directory, `--json` path) or a run
/// your modules stopped.
pub fn run(args: &TrainingArgs) -> Result<bool, MilestoneError> {
    let common = &args.common;
    let frame = MilestoneRun::start("05", common, &editions())?;
    let (dir, policy, progress) = (
        common.checkpoints(),
        args.retrain.policy(),
        common.progress(),
    );
    println!("# Milestone 05 (2017): the transformer\n\n{STORY}\n");

    println!("## Reversal: abc3|3cba on inputs never seen in training\n");
    let mut card = Scorecard::default();
    let reversal = match reversal_part(&dir, policy, progress) {
        Ok(Some((reversal, exact, answer))) => {
            card.push(reversal_gate(&exact));
            Some((reversal, exact, answer))
        }
        Ok(None) => {
            card.push(Gate::stopped(
                "reversal: your modules train and run the GPT",
                "see above",
            ));
            None
        }
        Err(e) => return Err(e),
    };

    println!("## TinyTalk: a character-level language model\n");
    let (data, print) = load_tinytalk_data()?;
    let talk = match tinytalk_part(&data, &print, &dir, policy, progress) {
        Ok(Some((check, probe, sample))) => {
            for gate in transformer_gates_talk(&check, &probe) {
                card.push(gate);
            }
            Some((check, probe, sample))
        }
        Ok(None) => {
            card.push(Gate::stopped(
                "TinyTalk: your modules train and run the GPT",
                "see above",
            ));
            None
        }
        Err(e) => return Err(e),
    };
    println!("{}", card.to_table());

    let picture = common.picture_path("05_transformer.svg");
    if let Some((gpt, _, answer)) = &reversal {
        match attention_maps(&gpt.model, answer) {
            Ok(maps) => {
                let what = "attention of every head on one unseen reversal";
                frame.picture(&picture, &attention_picture(&maps, answer), what)?;
            }
            Err(e) => println!("no picture: your attention stopped: {e}\n"),
        }
    }
    let parts = vec![Part::of("GPT: reversal, TinyTalk, causality", &card)];
    frame.finish(
        parts,
        serde_json::json!({
            "reversal": reversal.as_ref().map(|r| &r.1),
            "tinytalk": talk.as_ref().map(|t| &t.0),
            "causality": talk.as_ref().map(|t| &t.1),
            "sample": talk.as_ref().map(|t| &t.2),
            "gates": card,
            "picture": picture,
        }),
    )
}
