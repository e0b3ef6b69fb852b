import './tracing';
import { loadConfig, runService } from '@ticketing/common';
import { ConfigSchema } from './config';
import { paymentsService } from './service';

// The only file with process-level effects: a bad environment prints every bad variable and exits 1.
runService(() => paymentsService(loadConfig(ConfigSchema)));
