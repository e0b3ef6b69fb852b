'use client';

import { useState } from 'react';
import type { ApiResult } from '@/lib/api-result';
import { NO_ERRORS, splitErrors, type SplitErrors } from '@/lib/field-errors';

/**
 * A form that the API validates: its errors, split between its inputs and its alert box (field-errors.ts), and
 * whether it is submitting. `submit` sends the form's request: when the API refuses it, its errors are shown and the
 * form can be sent again, and the answer is null; when it succeeds, the answer is its data and the form stays
 * submitting, since the page is moving on.
 */
export function useApiForm(fields: readonly string[]) {
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [submitting, setSubmitting] = useState(false);

  async function submit<T>(request: () => Promise<ApiResult<T>>): Promise<T | null> {
    setSubmitting(true);
    setErrors(NO_ERRORS);
    const result = await request();
    if (result.ok) return result.data;
    setErrors(splitErrors(result.errors, fields));
    setSubmitting(false);
    return null;
  }

  return { errors, setErrors, submitting, submit };
}
