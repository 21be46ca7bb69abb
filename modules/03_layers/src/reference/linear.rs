//! Tasks 03.1 and 03.2: initializing a `Linear` layer and its forward pass.

use crate::{Linear, Module, Parameter};
use rand::Rng;
use tinytorch_tensor::Tensor;

impl Linear {
    /// A layer with `in_features` inputs and `out_features` outputs, weights drawn from
    /// `rng` uniformly in `[-1/sqrt(in_features), 1/sqrt(in_features))` and a zero bias.
    ///
    /// Why that bound (PyTorch's default for `nn.Linear`): a uniform on `[-b, b]` has
    /// variance `b^2 / 3`, so each output `y_j = sum_i x_i W_ij` of inputs with variance
    /// `v` has variance `in_features * v * b^2 / 3 = v / 3`. The scale of the signal no
    /// longer depends on the layer's width: stacking layers neither explodes nor (quickly)
    /// vanishes, where weights of variance 1 would multiply the variance by `in_features`.
    ///
    /// The same `rng` state gives the same weights (see
    /// [`seeded_rng`](tinytorch_tensor::seeded_rng)).
    ///
    /// # Panics
    /// If `in_features` is 0 (the bound would be infinite).
    ///
    /// ```
    /// use tinytorch_layers::Linear;
    /// use tinytorch_tensor::seeded_rng;
    /// let layer = Linear::new(100, 10, &mut seeded_rng(42));
    /// let w = layer.weight().get().to_vec();
    /// assert!(w.iter().all(|v| v.abs() <= 0.1)); // 1/sqrt(100)
    /// assert_eq!(layer.bias().unwrap().get().to_vec(), vec![0.0; 10]);
    /// ```
    pub fn new(in_features: usize, out_features: usize, rng: &mut impl Rng) -> Linear {
        assert!(
            in_features > 0,
            "Linear::new: in_features must be at least 1, got 0 (the init bound 1/sqrt(in_features) would be infinite)"
        );
        // BEGIN SOLUTION 03.1
        let bound = 1.0 / (in_features as f32).sqrt();
        let weight = Tensor::rand_uniform(&[in_features, out_features], -bound, bound, rng);
        let bias = Tensor::zeros(&[out_features]);
        Linear {
            weight: Parameter::new(weight),
            bias: Some(Parameter::new(bias)),
            in_features,
            out_features,
        }
        // END SOLUTION
    }
}

impl Module for Linear {
    /// `x @ W + b` for `x` of shape `[..., in_features]` (any number of leading axes:
    /// `[batch, in]`, `[batch, seq, in]`, or a single `[in]` vector), giving
    /// `[..., out_features]`.
    ///
    /// # Panics
    /// If the last axis of `x` is not `in_features`, naming the layer and the shape.
    ///
    /// ```
    /// use tinytorch_layers::{Linear, Module};
    /// use tinytorch_tensor::Tensor;
    /// // [1, 2] @ [[1, 2, 3], [4, 5, 6]] + [0.5, 0, -1] = [9, 12, 15] + [0.5, 0, -1]
    /// let w = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
    /// let b = Tensor::from_vec(vec![0.5, 0.0, -1.0], &[3]).unwrap();
    /// let layer = Linear::from_parameters(w, Some(b)).unwrap();
    /// let x = Tensor::from_vec(vec![1.0, 2.0], &[1, 2]).unwrap();
    /// assert_eq!(layer.forward(&x).to_vec(), vec![9.5, 12.0, 14.0]);
    /// ```
    fn forward(&self, x: &Tensor) -> Tensor {
        // BEGIN SOLUTION 03.2
        assert!(
            x.shape().last() == Some(&self.in_features),
            "{}: input of shape {:?} does not match: the last axis must be in_features = {}",
            self.name(),
            x.shape(),
            self.in_features
        );
        // One batched matmul covers every leading axis; the bias [out] broadcasts over them.
        let y = x.matmul(&self.weight.get());
        match &self.bias {
            Some(bias) => y.add(&bias.get()),
            None => y,
        }
        // END SOLUTION
    }

    fn named_parameters(&self) -> Vec<(String, Parameter)> {
        let mut named = vec![("weight".to_string(), self.weight.clone())];
        if let Some(bias) = &self.bias {
            named.push(("bias".to_string(), bias.clone()));
        }
        named
    }

    fn name(&self) -> String {
        let bias = if self.bias.is_some() { "" } else { ", no bias" };
        format!(
            "Linear({} -> {}{bias})",
            self.in_features, self.out_features
        )
    }
}
