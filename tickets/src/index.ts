import './tracing';
import { loadConfig, runService } from '@ticketing/common';
import { ConfigSchema } from './config';
import { ticketsService } from './service';

// The only file with process-level effects: config from the environment, signals, exit codes (runService).
runService(() => ticketsService(loadConfig(ConfigSchema)));
