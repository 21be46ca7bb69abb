//! The two things a benchmark is given (shared code): the system under test, which answers
//! queries, and the query sample library, which says how many samples there are and
//! whether an answer is right. The names are MLPerf LoadGen's.

use crate::BenchError;
use std::fmt;

/// A system under test (SUT): a model plus whatever runs it, answering queries.
///
/// A query is a batch of sample ids (indices into the data set the system holds); the
/// system returns one output per id, in the same order. The harness times each call to
/// [`issue`](SystemUnderTest::issue) and never looks inside it, so the system may batch,
/// quantize or cache however it likes: that is what is being measured.
///
/// ```
/// use tinytorch_benchmarking::SystemUnderTest;
/// /// Answers "is the id even?".
/// struct Parity;
/// impl SystemUnderTest for Parity {
///     type Output = bool;
///     fn name(&self) -> String { "parity".into() }
///     fn issue(&mut self, ids: &[usize]) -> Vec<bool> { ids.iter().map(|i| i % 2 == 0).collect() }
/// }
/// assert_eq!(Parity.issue(&[3, 4]), [false, true]);
/// ```
pub trait SystemUnderTest {
    /// One answer (a class index, a token, a vector...).
    type Output;

    /// A short name for reports.
    fn name(&self) -> String;

    /// Answers the samples `ids`: exactly one output per id, in order.
    fn issue(&mut self, ids: &[usize]) -> Vec<Self::Output>;
}

/// Checks one output: is `output` a correct answer for sample `id`?
type Check<O> = Box<dyn Fn(usize, &O) -> bool>;

/// The query sample library (QSL): the samples a benchmark may issue (ids `0..len`) and
/// the accuracy check for each answer.
///
/// ```
/// use tinytorch_benchmarking::QuerySampleLibrary;
/// let qsl = QuerySampleLibrary::with_labels("digits", vec![7usize, 2, 1]).unwrap();
/// assert_eq!(qsl.len(), 3);
/// assert!(qsl.is_correct(1, &2) && !qsl.is_correct(1, &7));
/// // Any check: here, an answer within 0.5 of twice the id.
/// let near = QuerySampleLibrary::new("double", 4, |id, out: &f32| (out - 2.0 * id as f32).abs() < 0.5).unwrap();
/// assert!(near.is_correct(3, &6.2));
/// ```
pub struct QuerySampleLibrary<O> {
    name: String,
    len: usize,
    check: Check<O>,
}

impl<O> QuerySampleLibrary<O> {
    /// A library of `len` samples whose answers are judged by `check(id, output)`.
    ///
    /// # Errors
    /// [`BenchError::EmptyLibrary`] if `len` is 0.
    pub fn new(
        name: impl Into<String>,
        len: usize,
        check: impl Fn(usize, &O) -> bool + 'static,
    ) -> Result<QuerySampleLibrary<O>, BenchError> {
        let name = name.into();
        if len == 0 {
            return Err(BenchError::EmptyLibrary { name });
        }
        Ok(QuerySampleLibrary {
            name,
            len,
            check: Box::new(check),
        })
    }

    /// A library whose correct answer for sample `id` is `labels[id]` (classification).
    ///
    /// # Errors
    /// [`BenchError::EmptyLibrary`] if `labels` is empty.
    pub fn with_labels(
        name: impl Into<String>,
        labels: Vec<O>,
    ) -> Result<QuerySampleLibrary<O>, BenchError>
    where
        O: PartialEq + 'static,
    {
        let len = labels.len();
        QuerySampleLibrary::new(name, len, move |id, output: &O| {
            labels.get(id) == Some(output)
        })
    }

    /// The library's name, for reports.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How many samples it holds: the valid ids are `0..len`.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always false: a library cannot be empty ([`QuerySampleLibrary::new`] refuses).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `output` is a correct answer for sample `id` (false for an id out of range).
    pub fn is_correct(&self, id: usize, output: &O) -> bool {
        id < self.len && (self.check)(id, output)
    }
}

impl<O> fmt::Debug for QuerySampleLibrary<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuerySampleLibrary")
            .field("name", &self.name)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}
